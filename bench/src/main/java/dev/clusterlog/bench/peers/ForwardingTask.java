package dev.clusterlog.bench.peers;

import java.nio.file.Path;
import java.util.List;

/**
 * What an {@link AgentUnderTest} is asked to do: forward every line of {@code files} (the
 * corpus's uncompressed container log files under {@code podsDirectory}, live {@code *.log} and
 * rotated {@code *.log.<YYYYMMDD-hhmmss>}) to the TCP sink at {@code 127.0.0.1:sinkPort}, one
 * line per {@code \n}-terminated line.
 *
 * @param workDirectory a fresh directory the system may use for its configuration, state and logs
 */
public record ForwardingTask(Path podsDirectory, List<Path> files, int sinkPort, Path workDirectory) {
    /** The two glob patterns, relative to {@code podsDirectory}, that match exactly {@link #files}. */
    public static final String LIVE_GLOB = "*/*/*.log";
    public static final String ROTATED_PLAIN_GLOB = "*/*/*.log.*-??????";
}
