package dev.clusterlog.runtime.pod;

import dev.clusterlog.runtime.internal.log.LogRotator;
import dev.clusterlog.runtime.log.RotationPolicy;
import dev.clusterlog.runtime.manifest.PodManifest;
import dev.clusterlog.runtime.manifest.PodManifest.ContainerSpec;
import dev.clusterlog.runtime.manifest.PodManifest.RestartPolicy;
import dev.clusterlog.runtime.state.ContainerState;
import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one pod on this machine the way kubelet runs it on a node: sets up its volumes, runs the
 * init containers one after another and then the containers, each under a
 * {@link ContainerRunner}; rotates the running containers' logs every monitor interval with a
 * {@link LogRotator}; writes the pod's state file on every change; and acts on the
 * {@code kill}/{@code delete} requests that {@link PodControl} leaves for it.
 *
 * <p>Threads: {@link #run} blocks its caller until the pod is done; each container runs on its
 * own thread; one {@link PodRequestWatcher} thread and one rotation thread. {@link #shutdown} and
 * {@link #delete} may be called from any thread (the shutdown hook, the request watcher). State
 * publication is serialised by this object's monitor.
 */
public final class PodRunner {
    /** How {@link #run} ended. */
    public enum Outcome { SUCCEEDED, FAILED, DELETED, STOPPED }

    /**
     * @param backOffInitial the crash-loop back-off's first delay (kubelet: 10s)
     * @param requestPoll how often request files are looked for besides the WatchService
     * @param events receives one line per event of the pod
     */
    public record Options(Path nodeRoot, RotationPolicy rotation, Duration backOffInitial, Duration requestPoll,
            Clock clock, PodEvents events) {
        public static Options defaults(Path nodeRoot, PodEvents events) {
            return new Options(nodeRoot, RotationPolicy.defaults(), CrashLoopBackOff.KUBELET_INITIAL,
                    Duration.ofMillis(500), Clock.systemDefaultZone(), events);
        }
    }

    /** A stop for Ctrl-C or SIGTERM waits at most this long for a container, whatever the pod's grace. */
    private static final Duration SHUTDOWN_GRACE_CAP = Duration.ofSeconds(10);

    private final PodManifest pod;
    private final Options options;
    private final NodeLayout layout;
    private final PodStateStore store;
    private final long createdAtMillis;
    private final List<ContainerRunner> initRunners = new ArrayList<>();
    private final List<ContainerRunner> runners = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean deleteRequested;
    private boolean initFailed; // guarded by this
    private boolean filesRemoved; // guarded by this

    public PodRunner(PodManifest pod, Options options) {
        this.pod = pod;
        this.options = options;
        this.layout = new NodeLayout(options.nodeRoot());
        this.store = new PodStateStore(options.nodeRoot());
        this.createdAtMillis = options.clock().millis();
    }

    public PodManifest manifest() {
        return pod;
    }

    /** Runs the pod until its containers are done for good, it is deleted, or {@link #shutdown} is called. */
    public Outcome run() throws IOException {
        try {
            return runPod();
        } finally {
            finished.countDown();
        }
    }

    private Outcome runPod() throws IOException {
        Path podDir = layout.podLogDirectory(pod.namespace(), pod.name(), pod.uid());
        Files.createDirectories(podDir);
        PodVolumes volumes = PodVolumes.prepare(pod, layout);
        RestartPolicy initPolicy = pod.restartPolicy() == RestartPolicy.NEVER ? RestartPolicy.NEVER
                : RestartPolicy.ON_FAILURE;
        for (ContainerSpec c : pod.initContainers()) {
            initRunners.add(newRunner(c, podDir, volumes, initPolicy));
        }
        for (ContainerSpec c : pod.containers()) {
            runners.add(newRunner(c, podDir, volumes, pod.restartPolicy()));
        }
        publish();
        event("started (uid " + pod.uid() + ", restartPolicy " + pod.restartPolicy().manifestName() + ", logs in "
                + podDir + ")");
        PodRequestWatcher watcher = PodRequestWatcher.start(layout.commandsDirectory(pod.namespace() + "_"
                + pod.name() + "_" + pod.uid()), options.requestPoll(), this::handleRequest, this::warning);
        RotationMonitor rotation = RotationMonitor.start(options.rotation(), options.clock(), this::runningRunners,
                this::warning);
        try {
            for (ContainerRunner init : initRunners) {
                if (!stopRequested) {
                    runToEnd(List.of(init));
                }
                if (!Integer.valueOf(0).equals(init.state().exitCode())) {
                    synchronized (this) {
                        initFailed = !stopRequested;
                    }
                    break;
                }
            }
            if (!stopRequested && !initFailedNow()) {
                runToEnd(runners);
            }
        } finally {
            rotation.close();
            watcher.close();
        }
        if (deleteRequested) {
            synchronized (this) {
                filesRemoved = true;
                PodFiles.remove(options.nodeRoot(), snapshot());
            }
            event("deleted: logs, volumes and state removed");
            return Outcome.DELETED;
        }
        synchronized (this) {
            ended = true;
        }
        publish();
        String phase = phase();
        event("ended, phase " + phase);
        return stopRequested ? Outcome.STOPPED : "Succeeded".equals(phase) ? Outcome.SUCCEEDED : Outcome.FAILED;
    }

    /** run() returned: the pod's processes are gone and nothing watches its requests. */
    private boolean ended;

    private synchronized boolean initFailedNow() {
        return initFailed;
    }

    private ContainerRunner newRunner(ContainerSpec c, Path podDir, PodVolumes volumes, RestartPolicy policy) {
        ContainerLaunch launch = new ContainerLaunch(c, pod.name(), volumes.sources(), volumes.mountError(c));
        return new ContainerRunner(c.name(), launch, podDir, layout, pod.namespace(), pod.name(), policy,
                CrashLoopBackOff.withInitial(options.backOffInitial()), options.clock(),
                new ContainerRunner.Listener() {
                    @Override
                    public void stateChanged(ContainerRunner runner) {
                        publish();
                    }

                    @Override
                    public void event(String line) {
                        PodRunner.this.event(line);
                    }

                    @Override
                    public void warning(String line) {
                        PodRunner.this.warning(line);
                    }
                });
    }

    private void runToEnd(List<ContainerRunner> group) {
        List<Thread> threads = new ArrayList<>();
        for (ContainerRunner r : group) {
            threads.add(Thread.ofPlatform().name("container-" + r.name()).daemon(true).start(r));
        }
        for (Thread t : threads) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<ContainerRunner> runningRunners() {
        List<ContainerRunner> all = new ArrayList<>(initRunners);
        all.addAll(runners);
        return all;
    }

    private void handleRequest(String request) {
        String[] words = request.split(" ", 2);
        if (PodControl.DELETE.equals(words[0])) {
            event("delete requested");
            delete();
        } else if (PodControl.KILL.equals(words[0]) && words.length == 2) {
            for (ContainerRunner r : runningRunners()) {
                if (r.name().equals(words[1])) {
                    event("kill requested for container " + r.name() + (r.kill() ? "" : " (not running)"));
                    return;
                }
            }
            event("kill requested for unknown container \"" + words[1] + "\"");
        } else {
            event("ignored unknown request \"" + request + "\"");
        }
    }

    /** Stops the pod and has {@link #run} remove its files before it returns (eviction). */
    public void delete() {
        deleteRequested = true;
        stopAll(Duration.ofSeconds(pod.terminationGracePeriodSeconds()));
    }

    /**
     * Stops the containers (SIGTERM, then SIGKILL after the grace period, at most 10s), keeps the
     * log files as kubelet does, and waits until {@link #run} has written the final state.
     */
    public void shutdown() {
        Duration grace = Duration.ofSeconds(pod.terminationGracePeriodSeconds());
        stopAll(grace.compareTo(SHUTDOWN_GRACE_CAP) > 0 ? SHUTDOWN_GRACE_CAP : grace);
        try {
            finished.await(SHUTDOWN_GRACE_CAP.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll(Duration grace) {
        stopRequested = true;
        List<Thread> stoppers = new ArrayList<>();
        for (ContainerRunner r : runningRunners()) {
            stoppers.add(Thread.ofVirtual().start(() -> r.stop(grace)));
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Writes the state file; called on every container state change. */
    private synchronized void publish() {
        if (filesRemoved) {
            return;
        }
        try {
            store.write(snapshot());
        } catch (IOException e) {
            warning("writing the state file failed: " + e.getMessage());
        }
    }

    /**
     * The state as published. Once the pod ended no runner owns it (runner pid 0), so {@code pod
     * delete} removes its files itself, also while this process lives on ({@code clusterlog up}).
     */
    private synchronized PodState snapshot() {
        return new PodState(pod.namespace(), pod.name(), pod.uid(), pod.labels(), pod.annotations(), phase(),
                ended ? 0 : ProcessHandle.current().pid(), createdAtMillis, states(initRunners), states(runners));
    }

    private static List<ContainerState> states(List<ContainerRunner> group) {
        return group.stream().map(ContainerRunner::state).toList();
    }

    /** kubelet's pod phase from the container states. */
    private synchronized String phase() {
        if (initFailed) {
            return "Failed";
        }
        if (runners.stream().allMatch(ContainerRunner::isFinished)) {
            return runners.stream().allMatch(r -> Integer.valueOf(0).equals(r.state().exitCode()))
                    ? "Succeeded" : "Failed";
        }
        boolean started = runners.stream().anyMatch(r -> r.state().containerId() != null);
        return started ? "Running" : "Pending";
    }

    private void event(String line) {
        options.events().event("pod " + pod.namespace() + "/" + pod.name() + ": " + line);
    }

    private void warning(String line) {
        options.events().warning("pod " + pod.namespace() + "/" + pod.name() + ": " + line);
    }
}
