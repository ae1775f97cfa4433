package dev.clusterlog.runtime.pod;

import dev.clusterlog.runtime.log.RotationPolicy;
import dev.clusterlog.runtime.manifest.PodManifest;
import dev.clusterlog.runtime.manifest.PodManifestParser;
import dev.clusterlog.runtime.state.ContainerState;
import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A pod run in the background by a real {@link PodRunner}, with helpers that wait on its state files. */
final class RunningPod implements AutoCloseable {
    final Path nodeRoot;
    final PodManifest manifest;
    final PodRunner runner;
    final CompletableFuture<PodRunner.Outcome> outcome;
    final List<String> events = new CopyOnWriteArrayList<>();

    RunningPod(Path nodeRoot, String yaml, RotationPolicy rotation) throws Exception {
        this.nodeRoot = nodeRoot;
        this.manifest = new PodManifestParser().parse("test.yaml", yaml);
        this.runner = new PodRunner(manifest, new PodRunner.Options(nodeRoot, rotation, Duration.ofMillis(100),
                Duration.ofMillis(100), Clock.systemDefaultZone(), events::add));
        this.outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofPlatform().daemon(true).start(r));
    }

    RunningPod(Path nodeRoot, String yaml) throws Exception {
        this(nodeRoot, yaml, RotationPolicy.defaults());
    }

    Path podDir() {
        return new NodeLayout(nodeRoot).podLogDirectory(manifest.namespace(), manifest.name(), manifest.uid());
    }

    Path stateFile() {
        return nodeRoot.resolve("run/pods").resolve(manifest.namespace() + "_" + manifest.name() + "_"
                + manifest.uid() + ".state");
    }

    PodState state() throws Exception {
        try {
            return PodStateStore.read(stateFile());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    ContainerState container(String name) throws Exception {
        PodState s = state();
        return s == null ? null : s.container(name);
    }

    /** Waits until the state file satisfies {@code condition}; fails with the last state and events. */
    PodState await(String what, Predicate<PodState> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PodState s = null;
        while (System.nanoTime() < deadline) {
            s = state();
            if (s != null && condition.test(s)) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + "; last state " + s + "; events " + events);
    }

    PodRunner.Outcome awaitOutcome() throws Exception {
        return outcome.get(30, TimeUnit.SECONDS);
    }

    List<String> files(String container) throws Exception {
        Path dir = podDir().resolve(container);
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    List<Path> symlinks() throws Exception {
        Path dir = nodeRoot.resolve("containers");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Override
    public void close() throws Exception {
        if (!outcome.isDone()) {
            runner.shutdown();
            awaitOutcome();
        }
    }
}
