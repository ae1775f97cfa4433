package dev.clusterlog.runtime.pod;

import dev.clusterlog.runtime.internal.log.ContainerLogFile;
import dev.clusterlog.runtime.internal.log.LogRotator;
import dev.clusterlog.runtime.log.RotationPolicy;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * kubelet's log monitor loop: every monitor interval, each running container's live log goes
 * through {@link LogRotator#rotateIfNeeded}. Terminated instances are not rotated ("non-running
 * containers won't generate new output"). One worker, like kubelet's default
 * {@code containerLogMaxWorkers: 1}; a failing rotation is reported and retried next interval.
 */
final class RotationMonitor implements AutoCloseable {
    private final ScheduledExecutorService executor;

    private RotationMonitor(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static RotationMonitor start(RotationPolicy policy, Clock clock, Supplier<List<ContainerRunner>> runners,
            Consumer<String> warnings) {
        LogRotator rotator = new LogRotator(policy, clock);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-rotation");
            t.setDaemon(true);
            return t;
        });
        if (policy.enabled()) {
            long every = policy.monitorInterval().toMillis();
            executor.scheduleWithFixedDelay(() -> {
                for (ContainerRunner r : runners.get()) {
                    ContainerLogFile log = r.runningLog();
                    if (log == null) {
                        continue;
                    }
                    try {
                        rotator.rotateIfNeeded(log);
                    } catch (IOException | RuntimeException e) {
                        warnings.accept("container " + r.name() + ": log rotation of " + log.path() + " failed: " + e);
                    }
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        return new RotationMonitor(executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
