package dev.clusterlog.cli;

import dev.clusterlog.agent.source.StreamFollower;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clusterlog stream [--prefix] [--checkpoint FILE] FILE...}: the streaming sidecar. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Follow files to stdout across rename and copytruncate rotation (a streaming sidecar).",
                "With --checkpoint, a restart continues after the last line written, repeating none."})
public final class StreamCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files (or globs) to follow.")
    List<Path> files;

    @Option(names = "--prefix", description = "Prefix each line with [FILE].")
    boolean prefix;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Keep the read positions in this file.")
    Path checkpoint;

    @Option(names = "--poll-interval", defaultValue = "200", hidden = true, description = "Milliseconds between reads.")
    long intervalMillis;

    /** Where lines go; System.out unless a test sets it. */
    OutputStream out = System.out;
    final AtomicBoolean stop = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        OutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        try (StreamFollower follower = new StreamFollower(files, checkpoint, prefix, buffered)) {
            Thread hook = new Thread(() -> stop.set(true));
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                follower.run(stop::get, intervalMillis);
                follower.pollOnce(); // what arrived last, written and checkpointed before leaving
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
            }
        } catch (IOException e) {
            throw new UserException("stream: " + e.getMessage());
        }
        return 0;
    }
}
