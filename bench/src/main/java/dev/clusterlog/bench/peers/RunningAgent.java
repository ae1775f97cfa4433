package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A started {@link AgentUnderTest}: its resource usage, and a way to stop it. */
public interface RunningAgent extends AutoCloseable {
    /** False once the process has exited (a daemon that exits early has failed). */
    boolean isAlive();

    /** True for a one-shot process ({@code cat}) that exits when it has sent everything. */
    default boolean exitsWhenDone() {
        return false;
    }

    /**
     * Lines delivered so far when the system delivers somewhere other than the harness's TCP
     * sink (e.g. into a store); empty means the sink's count is the one.
     */
    default OptionalLong deliveredLines() {
        return OptionalLong.empty();
    }

    /** CPU and peak RSS so far (of the whole run once the process has exited). */
    ProcessUsage usage() throws IOException;

    /** Where the system's own output went, for error messages. */
    Path logFile();

    /** Stops the process and waits for it. */
    @Override
    void close() throws IOException;
}
