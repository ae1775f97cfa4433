package dev.clusterlog.cli;

import dev.clusterlog.core.units.Durations;
import dev.clusterlog.core.units.Durations.Syntax;
import dev.clusterlog.runtime.pod.PodControl;
import dev.clusterlog.runtime.pod.PodFiles;
import dev.clusterlog.runtime.state.ContainerState;
import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import dev.clusterlog.runtime.state.PodTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlog pod run|list|kill|delete}: the local node runtime. {@code run}
 * ({@link PodRunCommand}) owns a pod for as long as it runs; {@code list}, {@code kill} and
 * {@code delete} (here) are other processes that read the pod state files and leave requests for
 * the runner ({@link PodControl}).
 */
@Command(name = "pod", description = "Run Pod manifests on this machine, with node log files.",
        subcommands = {PodRunCommand.class, PodCommand.ListPods.class, PodCommand.Kill.class,
                PodCommand.Delete.class})
public final class PodCommand implements Runnable {
    static final String DEFAULT_NODE_ROOT = "./data/node";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: run, list, kill or delete");
    }

    /** {@code pod list}: the pods under the node root, like {@code kubectl get pods -A}. */
    @Command(name = "list", description = "List the pods on this node, with per-container reasons.")
    static final class ListPods implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--node-root", paramLabel = "DIR", defaultValue = DEFAULT_NODE_ROOT)
        Path nodeRoot;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<PodState> pods = new PodStateStore(nodeRoot).list(e -> err.println("warning: " + e.getMessage()));
            out.print(PodTable.render(pods, System.currentTimeMillis(), PodCommand::runnerAlive));
            out.flush();
            return Main.EXIT_OK;
        }
    }

    /** {@code pod kill POD -c C}: ends the container's process; the runner restarts it per policy. */
    @Command(name = "kill", description = "End a container's process (SIGKILL); it restarts per restartPolicy.")
    static final class Kill implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "POD")
        String pod;

        @Option(names = {"-c", "--container"}, paramLabel = "CONTAINER",
                description = "the container; may be left out when the pod has one")
        String container;

        @Option(names = {"-n", "--namespace"}, defaultValue = "default")
        String namespace;

        @Option(names = "--node-root", paramLabel = "DIR", defaultValue = DEFAULT_NODE_ROOT)
        Path nodeRoot;

        @Override
        public Integer call() throws IOException {
            PodState state = findLivePod(nodeRoot, namespace, pod);
            String name = container;
            if (name == null) {
                if (state.containers().size() != 1) {
                    throw new UserException("pod " + namespace + "/" + pod + " has several containers: name one"
                            + " with -c (" + String.join(", ", state.containers().stream().map(ContainerState::name)
                                    .toList()) + ")");
                }
                name = state.containers().get(0).name();
            }
            ContainerState before = state.container(name);
            if (before == null) {
                throw new UserException("container \"" + name + "\" is not in pod " + namespace + "/" + pod);
            }
            if (!before.isRunning()) {
                throw new UserException("container \"" + name + "\" of pod " + namespace + "/" + pod
                        + " is not running (" + before.state() + (before.reason() == null ? "" : " " + before.reason())
                        + ")");
            }
            new PodControl(nodeRoot).requestKill(state, name);
            String c = name;
            awaitState(nodeRoot, state, Duration.ofSeconds(20), s -> s == null || s.container(c) == null
                    || !before.containerId().equals(s.container(c).containerId()) || !s.container(c).isRunning());
            spec.commandLine().getOut().println("container \"" + name + "\" of pod " + namespace + "/" + pod
                    + " killed");
            return Main.EXIT_OK;
        }
    }

    /** {@code pod delete POD}: stops the pod and removes its logs, volumes and state (eviction). */
    @Command(name = "delete", description = "Stop a pod and remove its log files, symlinks, volumes and state.")
    static final class Delete implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "POD")
        String pod;

        @Option(names = {"-n", "--namespace"}, defaultValue = "default")
        String namespace;

        @Option(names = "--node-root", paramLabel = "DIR", defaultValue = DEFAULT_NODE_ROOT)
        Path nodeRoot;

        @Override
        public Integer call() throws IOException {
            PodState state = findPod(nodeRoot, namespace, pod);
            if (runnerAlive(state)) {
                new PodControl(nodeRoot).requestDelete(state);
                awaitState(nodeRoot, state, Duration.ofSeconds(60), s -> s == null);
            } else {
                PodFiles.remove(nodeRoot, state);
            }
            spec.commandLine().getOut().println("pod \"" + pod + "\" deleted");
            return Main.EXIT_OK;
        }
    }

    static boolean runnerAlive(PodState pod) {
        return pod.runnerPid() > 0 && ProcessHandle.of(pod.runnerPid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The newest pod of that name (a name may have left state behind from an earlier run). */
    static PodState findPod(Path nodeRoot, String namespace, String name) {
        return new PodStateStore(nodeRoot).list(e -> { }).stream()
                .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
                .max(Comparator.comparingLong(PodState::createdAtMillis))
                .orElseThrow(() -> new UserException("pod \"" + name + "\" not found in namespace \"" + namespace
                        + "\" under " + nodeRoot + " (see `clusterlog pod list --node-root " + nodeRoot + "`)"));
    }

    private static PodState findLivePod(Path nodeRoot, String namespace, String name) {
        PodState state = findPod(nodeRoot, namespace, name);
        if (!runnerAlive(state)) {
            throw new UserException("pod " + namespace + "/" + name + " is not running: its runner (pid "
                    + state.runnerPid() + ") has ended; start it with `clusterlog pod run -f POD.yaml`");
        }
        return state;
    }

    /** Waits until the pod's state file satisfies {@code done} (null: the file is gone). */
    private static void awaitState(Path nodeRoot, PodState pod, Duration timeout, Predicate<PodState> done)
            throws IOException {
        Path file = new PodStateStore(nodeRoot).fileOf(pod);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            PodState now;
            try {
                now = PodStateStore.read(file);
            } catch (NoSuchFileException gone) {
                now = null;
            }
            if (done.test(now)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new UserException("pod " + pod.namespace() + "/" + pod.name() + ": its runner (pid "
                        + pod.runnerPid() + ") did not act on the request within " + timeout.toSeconds() + "s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserException("interrupted while waiting for the runner");
            }
        }
    }

    /**
     * A Go duration ({@code 10s}, {@code 500ms}, {@code 1m30s}), as kubelet's flags take them, not
     * negative; the error names the flag.
     */
    static Duration parseDuration(String text, String flag) {
        OptionalLong nanos = Durations.tryParseNanos(text, Syntax.GO);
        if (nanos.isEmpty() || nanos.getAsLong() < 0) {
            throw new UserException("invalid value \"" + text + "\" for " + flag
                    + ": expected a duration like 10s, 500ms or 1m30s");
        }
        return Duration.ofNanos(nanos.getAsLong());
    }
}
