package dev.clusterlog.bench.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RunningAgent} that is one operating-system process, measured from {@code /proc} while
 * it runs; its stdout and stderr go to a log file in the task's work directory.
 */
class ProcessAgent implements RunningAgent {
    private final Process process;
    private final Path log;
    private ProcessUsage last = new ProcessUsage(0, -1);

    ProcessAgent(List<String> command, Map<String, String> environment, Path workDirectory, String name)
            throws IOException {
        this.log = workDirectory.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        this.process = pb.start();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public ProcessUsage usage() throws IOException {
        if (process.isAlive()) {
            try {
                last = ProcessUsage.of(process.pid());
            } catch (IOException | RuntimeException e) {
                // exited between the check and the read: the last sample stands
            }
        }
        return last;
    }

    @Override
    public Path logFile() {
        return log;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
