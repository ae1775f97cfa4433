package dev.clusterlog.runtime.pod;

import dev.clusterlog.core.cri.ContainerdLineSplitter;
import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.runtime.internal.log.ContainerLogFile;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of a container: the host process (a process group leader, see
 * {@link ContainerLaunch}) and two virtual threads that cut its stdout and stderr pipes into CRI
 * records like containerd and write them to the instance's {@link ContainerLogFile}.
 *
 * <p>Thread-safety: {@link #signal} may be called from any thread; {@link #awaitExit} from one.
 */
final class ContainerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerProcess.class);

    /** How long the pipes may stay open after the main process died (children holding them). */
    private static final Duration PIPE_DRAIN = Duration.ofSeconds(2);

    private final Process process;
    private final Thread stdout;
    private final Thread stderr;

    private ContainerProcess(Process process, Thread stdout, Thread stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the process; {@code onError} hears about pipe or file failures (never per line). */
    static ContainerProcess start(ContainerLaunch launch, ContainerLogFile log, String threadName,
            Consumer<String> onError) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(launch.hostCommand());
        pb.environment().clear();
        pb.environment().putAll(launch.environment());
        pb.directory(new File("/"));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        p.getOutputStream().close();
        Thread out = pump(p.getInputStream(), LogStream.STDOUT, log, threadName, onError);
        Thread err = pump(p.getErrorStream(), LogStream.STDERR, log, threadName, onError);
        return new ContainerProcess(p, out, err);
    }

    private static Thread pump(InputStream in, LogStream stream, ContainerLogFile log, String name,
            Consumer<String> onError) {
        return Thread.ofVirtual().name(name + "-" + stream.wireName()).start(() -> {
            ContainerdLineSplitter splitter = new ContainerdLineSplitter(ContainerdLineSplitter.CONTAINERD_MAX_LINE_SIZE,
                    (partial, content, off, len) -> log.write(stream, partial, content, off, len));
            byte[] buf = new byte[64 * 1024];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    splitter.feed(buf, 0, n);
                }
            } catch (IOException e) {
                if (!"Stream closed".equals(e.getMessage())) {
                    onError.accept(stream.wireName() + " of " + name + ": " + e.getMessage());
                }
            } finally {
                try {
                    splitter.finish();
                } catch (IOException e) {
                    onError.accept(stream.wireName() + " of " + name + ": " + e.getMessage());
                }
            }
        });
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until the process exited and its output is in the log file; returns the exit code,
     * 128 + signal for a killed process as a shell reports it.
     */
    int awaitExit() throws InterruptedException {
        int code = process.waitFor();
        // children that outlive the main process would keep the pipes open: a container's
        // processes end with it, so end the group
        if (!joinReaders(PIPE_DRAIN)) {
            signalGroup(process.pid(), "KILL");
            joinReaders(PIPE_DRAIN);
        }
        return code;
    }

    private boolean joinReaders(Duration timeout) throws InterruptedException {
        return stdout.join(timeout) && stderr.join(timeout);
    }

    /** Sends a signal ({@code TERM}, {@code KILL}) to the container's process group. */
    void signal(String signal) {
        signalGroup(process.pid(), signal);
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static void signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder(List.of("kill", "-s", signal, "--", "-" + pgid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): fall back to the main process alone
            LOG.debug("kill(1) failed ({}): signalling process {} alone", e.toString(), pgid);
            ProcessHandle.of(pgid).ifPresent(h -> {
                if ("KILL".equals(signal)) {
                    h.destroyForcibly();
                } else {
                    h.destroy();
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
