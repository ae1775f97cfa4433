package dev.clusterlog.runtime.pod;

import dev.clusterlog.runtime.internal.log.ContainerLogFile;
import dev.clusterlog.runtime.manifest.PodManifest.RestartPolicy;
import dev.clusterlog.runtime.state.ContainerState;
import dev.clusterlog.runtime.state.ContainerState.Instance;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one container through its instances, as kubelet's sync loop does for one container:
 * start instance {@code n} writing {@code <n>.log}, wait for it to exit, and per restart policy
 * wait out the {@link CrashLoopBackOff} and start {@code n+1}. When {@code n+1} starts, the files
 * of {@code n-1} ({@code <n-1>.log*}) and its symlink are removed: only the last terminated
 * instance is kept beside the running one. A command that cannot start terminates the instance
 * with exit code 128 and reason {@code StartError: <message>}; the runner never throws.
 *
 * <p>Thread-safety: {@link #run} runs on the container's own thread; {@link #kill}, {@link #stop},
 * {@link #state} and {@link #runningLog} may be called from any thread.
 */
final class ContainerRunner implements Runnable {
    /** Receives state changes, lifecycle lines and warnings. Called from the container's thread. */
    interface Listener {
        void stateChanged(ContainerRunner runner);

        void event(String line);

        void warning(String line);
    }

    private final String name;
    private final ContainerLaunch launch;
    private final Path podLogDirectory;
    private final NodeLayout layout;
    private final String namespace;
    private final String podName;
    private final RestartPolicy policy;
    private final CrashLoopBackOff backOff;
    private final Clock clock;
    private final Listener listener;
    private final Object monitor = new Object();
    private final Map<Integer, String> keptInstanceIds = new HashMap<>();

    private volatile ContainerState state;
    private volatile ContainerLogFile runningLog;
    private ContainerProcess process; // guarded by monitor
    private boolean stopping; // guarded by monitor

    ContainerRunner(String name, ContainerLaunch launch, Path podLogDirectory, NodeLayout layout,
            String namespace, String podName, RestartPolicy policy, CrashLoopBackOff backOff, Clock clock,
            Listener listener) {
        this.name = name;
        this.launch = launch;
        this.podLogDirectory = podLogDirectory;
        this.layout = layout;
        this.namespace = namespace;
        this.podName = podName;
        this.policy = policy;
        this.backOff = backOff;
        this.clock = clock;
        this.listener = listener;
        this.state = new ContainerState(name, ContainerState.WAITING, "ContainerCreating", 0, null, null, null,
                null, null, null);
    }

    String name() {
        return name;
    }

    ContainerState state() {
        return state;
    }

    /** The live log of the running instance, or null when none runs (for the rotation monitor). */
    ContainerLogFile runningLog() {
        return runningLog;
    }

    /** Whether the container is done for good: terminated and not to be restarted. */
    boolean isFinished() {
        return ContainerState.TERMINATED.equals(state.state());
    }

    @Override
    public void run() {
        Instance previous = null;
        for (int restart = 0; ; restart++) {
            Instance ended = runInstance(restart, previous);
            if (ended == null) {
                return; // stopped before it started
            }
            boolean again;
            synchronized (monitor) {
                again = !stopping && policy.restarts(ended.exitCode());
            }
            if (!again) {
                setState(new ContainerState(name, ContainerState.TERMINATED, ended.reason(), restart,
                        ended.containerId(), null, ended.exitCode(), ended.startedAtMillis(),
                        ended.finishedAtMillis(), previous));
                return;
            }
            Duration ranFor = Duration.ofMillis(ended.finishedAtMillis() - ended.startedAtMillis());
            Duration delay = backOff.next(ranFor);
            String reason = ended.reason().startsWith("StartError")
                    ? "RunContainerError" + ended.reason().substring("StartError".length())
                    : "CrashLoopBackOff";
            setState(new ContainerState(name, ContainerState.WAITING, reason, restart, ended.containerId(),
                    null, null, null, null, ended));
            listener.event("container " + name + " restarting in " + format(delay) + " (instance " + (restart + 1)
                    + ", back-off)");
            if (!sleepUnlessStopped(delay)) {
                setState(new ContainerState(name, ContainerState.TERMINATED, ended.reason(), restart,
                        ended.containerId(), null, ended.exitCode(), ended.startedAtMillis(),
                        ended.finishedAtMillis(), previous));
                return;
            }
            previous = ended;
        }
    }

    /** Starts instance {@code restart} and waits for its end; null when stopped before it started. */
    private Instance runInstance(int restart, Instance previous) {
        String id = newContainerId();
        removeInstance(restart - 2);
        long started = clock.millis();
        ContainerLogFile log;
        try {
            log = ContainerLogFile.open(NodeLayout.instanceLog(podLogDirectory, name, restart), clock);
            linkInstance(restart, id);
        } catch (IOException e) {
            return terminated(restart, id, started, 128, "StartError: cannot create the log file: " + e.getMessage());
        }
        try (log) {
            String startError = launch.startError();
            ContainerProcess p = null;
            if (startError == null) {
                synchronized (monitor) {
                    if (stopping) {
                        return null;
                    }
                    try {
                        p = ContainerProcess.start(launch, log, podName + "-" + name, listener::warning);
                        process = p;
                    } catch (IOException e) {
                        startError = e.getMessage();
                    }
                }
            }
            if (startError != null) {
                listener.event("container " + name + " failed to start (instance " + restart + "): " + startError);
                return terminated(restart, id, started, 128, "StartError: " + startError);
            }
            runningLog = log;
            setState(new ContainerState(name, ContainerState.RUNNING, null, restart, id, p.pid(), null, started,
                    null, previous));
            listener.event("container " + name + " started (instance " + restart + ", pid " + p.pid() + ")");
            int exit = awaitUninterruptibly(p);
            runningLog = null;
            synchronized (monitor) {
                process = null;
            }
            listener.event("container " + name + " exited with code " + exit + " (instance " + restart + ")");
            return terminated(restart, id, started, exit, exit == 0 ? "Completed" : "Error");
        } catch (IOException e) {
            listener.warning("container " + name + ": closing " + restart + ".log failed: " + e.getMessage());
            return terminated(restart, id, started, 128, "Error");
        }
    }

    private Instance terminated(int restart, String id, long started, int exit, String reason) {
        return new Instance(restart, id, exit, reason, started, clock.millis());
    }

    private static int awaitUninterruptibly(ContainerProcess p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.awaitExit();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the running instance at once (SIGKILL to its process group); the policy decides what follows. */
    boolean kill() {
        synchronized (monitor) {
            if (process == null) {
                return false;
            }
            process.signal("KILL");
            return true;
        }
    }

    /**
     * Stops the container for good: no further restarts; a running instance gets SIGTERM and,
     * after {@code grace}, SIGKILL. Returns without waiting for the runner thread.
     */
    void stop(Duration grace) {
        ContainerProcess p;
        synchronized (monitor) {
            stopping = true;
            monitor.notifyAll();
            p = process;
        }
        if (p == null) {
            return;
        }
        p.signal("TERM");
        try {
            if (!p.waitFor(grace)) {
                p.signal("KILL");
            }
        } catch (InterruptedException e) {
            p.signal("KILL");
            Thread.currentThread().interrupt();
        }
    }

    private boolean sleepUnlessStopped(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (monitor) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    private void linkInstance(int restart, String id) throws IOException {
        Path link = layout.symlink(namespace, podName, name, id);
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, NodeLayout.instanceLog(podLogDirectory, name, restart).toAbsolutePath());
        keptInstanceIds.put(restart, id);
    }

    /** Removes {@code <restart>.log*} and its symlink (an instance older than the last terminated one). */
    private void removeInstance(int restart) {
        if (restart < 0) {
            return;
        }
        try {
            String id = keptInstanceIds.remove(restart);
            if (id != null) {
                Files.deleteIfExists(layout.symlink(namespace, podName, name, id));
            }
            Path dir = podLogDirectory.resolve(name);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, restart + ".log*")) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            listener.warning("container " + name + ": removing the files of instance " + restart + " failed: "
                    + e.getMessage());
        }
    }

    private void setState(ContainerState next) {
        state = next;
        listener.stateChanged(this);
    }

    /** A containerd-like id: 64 lowercase hex digits. */
    private static String newContainerId() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
