package dev.clusterlog.cli;

import dev.clusterlog.runtime.log.RotationPolicy;
import dev.clusterlog.runtime.manifest.ManifestException;
import dev.clusterlog.runtime.manifest.PodManifest;
import dev.clusterlog.runtime.manifest.PodManifestParser;
import dev.clusterlog.runtime.pod.PodRunner;
import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pod run -f POD.yaml}: runs the pod in the foreground until it ends or is deleted. */
@Command(name = "run", description = "Run a Pod manifest's containers as local processes, with kubelet's log"
        + " files and rotation. Stops on Ctrl-C/SIGTERM (logs are kept) or `pod delete` (logs removed).")
final class PodRunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "POD.yaml",
            description = "YAML or JSON: one Pod and the ConfigMaps its volumes use")
    Path file;

    @Option(names = "--node-root", paramLabel = "DIR", defaultValue = PodCommand.DEFAULT_NODE_ROOT,
            description = "node root for pods/, containers/, volumes/, run/ (default: ${DEFAULT-VALUE})")
    Path nodeRoot;

    @Option(names = "--container-log-max-size", paramLabel = "QUANTITY", defaultValue = "10Mi",
            description = "rotate a live log at this size, a Kubernetes quantity like 10Mi, 512Ki, 1M;"
                    + " negative disables rotation (default: ${DEFAULT-VALUE})")
    String maxSize;

    @Option(names = "--container-log-max-files", paramLabel = "N", defaultValue = "5",
            description = "files kept per container instance, live one included; must be > 1"
                    + " (default: ${DEFAULT-VALUE})")
    int maxFiles;

    @Option(names = "--container-log-monitor-interval", paramLabel = "DURATION", defaultValue = "10s",
            description = "how often live logs are checked for rotation (default: ${DEFAULT-VALUE});"
                    + " kubelet requires >= 3s, smaller values are accepted here for tests")
    String monitorInterval;

    @Option(names = "--crash-loop-back-off-initial", hidden = true, defaultValue = "10s",
            description = "first restart delay, doubled per restart up to 30x (kubelet: 10s, max 300s)")
    String backOffInitial;

    @Override
    public Integer call() throws IOException {
        RotationPolicy rotation = rotationPolicy();
        Duration backOff = PodCommand.parseDuration(backOffInitial, "--crash-loop-back-off-initial");
        PodManifest manifest = readManifest();
        refuseIfRunning(manifest);
        PrintWriter err = spec.commandLine().getErr();
        PodRunner.Options options = new PodRunner.Options(nodeRoot, rotation, backOff, Duration.ofMillis(250),
                Clock.systemDefaultZone(), line -> {
                    synchronized (err) {
                        err.println(line);
                        err.flush();
                    }
                });
        PodRunner runner = new PodRunner(manifest, options);
        Thread hook = new Thread(runner::shutdown, "pod-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PodRunner.Outcome outcome;
        try {
            outcome = runner.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for run() to finish
            }
        }
        if (outcome == PodRunner.Outcome.FAILED) {
            throw new UserException("pod " + manifest.namespace() + "/" + manifest.name()
                    + " failed: see `clusterlog pod list --node-root " + nodeRoot + "` and its logs");
        }
        return Main.EXIT_OK;
    }

    private RotationPolicy rotationPolicy() {
        long size;
        try {
            size = RotationPolicy.parseMaxSize(maxSize);
        } catch (IllegalArgumentException e) {
            throw new UserException("invalid value for --container-log-max-size: " + e.getMessage());
        }
        Duration interval = PodCommand.parseDuration(monitorInterval, "--container-log-monitor-interval");
        try {
            return new RotationPolicy(size, maxFiles, interval);
        } catch (IllegalArgumentException e) {
            throw new UserException("invalid value for --container-log-max-files or"
                    + " --container-log-monitor-interval: " + e.getMessage());
        }
    }

    private PodManifest readManifest() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException(file + ": cannot read the manifest: " + e.getMessage());
        }
        try {
            return new PodManifestParser().parse(file.toString(), text);
        } catch (ManifestException e) {
            throw new UserException(e.getMessage());
        }
    }

    private void refuseIfRunning(PodManifest m) {
        for (PodState p : new PodStateStore(nodeRoot).list(e -> { })) {
            if (p.namespace().equals(m.namespace()) && p.name().equals(m.name()) && PodCommand.runnerAlive(p)) {
                throw new UserException("pod " + m.namespace() + "/" + m.name() + " already runs under "
                        + nodeRoot + " (runner pid " + p.runnerPid() + "): delete it first with"
                        + " `clusterlog pod delete " + m.name() + " -n " + m.namespace() + "`");
            }
        }
    }
}
