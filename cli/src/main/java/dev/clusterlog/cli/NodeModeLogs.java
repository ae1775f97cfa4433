package dev.clusterlog.cli;

import dev.clusterlog.cli.logs.LabelSelector;
import dev.clusterlog.cli.logs.LinePrefixingOutputStream;
import dev.clusterlog.cli.logs.NodePod;
import dev.clusterlog.core.podlog.ContainerLogFiles;
import dev.clusterlog.core.podlog.ContainerLogReader;
import dev.clusterlog.core.podlog.LogOptions;
import dev.clusterlog.core.podlog.PodLogWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code clusterlog logs --node-root DIR}: the node's files read the way kubelet serves them (the
 * pod state files name the pods, containers and instances), plus the instance's rotated and
 * compressed files so that no line is missing after a rotation. Pods are found by name or label
 * selector; the default container follows kubectl; several followed containers are read at once.
 */
final class NodeModeLogs {
    private final LogsCommand cmd;

    NodeModeLogs(LogsCommand cmd) {
        this.cmd = cmd;
    }

    int run(LogOptions options) throws Exception {
        List<NodePod> pods = resolvePods();
        List<String[]> targets = new ArrayList<>(); // {pod index, container}
        for (int i = 0; i < pods.size(); i++) {
            for (String c : containersOf(pods.get(i))) {
                targets.add(new String[] {Integer.toString(i), c});
            }
        }
        // System.out's bytes pass through unchanged; buffered here, flushed whenever a follow waits
        OutputStream shared = new BufferedOutputStream(System.out, 64 * 1024);
        boolean prefixLines = cmd.prefix;
        try {
            if (options.follow() && targets.size() > 1) {
                followAll(pods, targets, options, shared, prefixLines);
            } else {
                for (String[] t : targets) {
                    NodePod p = pods.get(Integer.parseInt(t[0]));
                    try (OutputStream out = outputFor(shared, p, t[1], prefixLines)) {
                        readContainer(p, t[1], options, out);
                    }
                }
            }
        } finally {
            shared.flush();
        }
        return Main.EXIT_OK;
    }

    private List<NodePod> resolvePods() {
        if (cmd.pod != null) {
            NodePod p = NodePod.find(cmd.nodeRoot, cmd.namespace, cmd.pod, cmd::warn);
            if (p == null) {
                throw new UserException("error from server (NotFound): pods \"" + cmd.pod
                        + "\" not found in namespace \"" + cmd.namespace + "\"");
            }
            return List.of(p);
        }
        LabelSelector sel;
        try {
            sel = LabelSelector.parse(cmd.selector);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        List<NodePod> matched = new ArrayList<>();
        for (NodePod p : NodePod.all(cmd.nodeRoot, cmd::warn)) {
            if (p.namespace().equals(cmd.namespace) && sel.matches(p.labels())) {
                matched.removeIf(q -> q.name().equals(p.name()));
                matched.add(p);
            }
        }
        if (matched.isEmpty()) {
            cmd.err().println("No resources found in " + cmd.namespace + " namespace.");
            cmd.err().flush();
        }
        return matched;
    }

    private List<String> containersOf(NodePod p) {
        if (cmd.allContainers) {
            List<String> all = new ArrayList<>();
            if (p.state() != null) {
                p.state().initContainers().forEach(c -> all.add(c.name()));
            }
            all.addAll(p.containerNames());
            return all;
        }
        if (cmd.container != null) {
            if (!p.hasContainer(cmd.container)) {
                throw new UserException("container " + cmd.container + " is not valid for pod " + p.name() + " out of: "
                        + p.allContainerNames());
            }
            return List.of(cmd.container);
        }
        List<String> names = p.containerNames();
        if (names.isEmpty()) {
            throw new UserException("pod \"" + p.name() + "\" cannot be found - no logs available");
        }
        String annotated = p.annotations().get("kubectl.kubernetes.io/default-container");
        if (annotated != null) {
            if (p.hasContainer(annotated)) {
                return List.of(annotated);
            }
            cmd.err().printf("Default container name \"%s\" not found in pod %s%n", annotated, p.name());
        }
        if (names.size() > 1 || p.hasInitContainers()) {
            cmd.err().printf("Defaulted container \"%s\" out of: %s%n", names.get(0), p.allContainerNames());
        }
        cmd.err().flush();
        return List.of(names.get(0));
    }

    private OutputStream outputFor(OutputStream shared, NodePod p, String c, boolean prefixLines) {
        return new LinePrefixingOutputStream(shared, prefixLines ? "[pod/" + p.name() + "/" + c + "] " : "");
    }

    private void readContainer(NodePod p, String c, LogOptions options, OutputStream out)
            throws IOException, InterruptedException {
        int instance;
        try {
            instance = p.instance(c, cmd.previous > 0);
        } catch (IllegalStateException e) {
            throw new UserException("Error from server (BadRequest): " + e.getMessage());
        }
        Path dir = p.containerDirectory(c);
        Path live = ContainerLogFiles.liveFile(dir, instance);
        ContainerLogReader reader = new ContainerLogReader(ContainerLogFiles.instanceFiles(dir, instance), live,
                options, PodLogWriter.toSingleOutput(out, options), cmd::warn, () -> {
                    flushQuietly(out);
                    return cmd.previous == 0 && p.isRunning(cmd.nodeRoot, c, instance);
                });
        reader.read();
    }

    private void followAll(List<NodePod> pods, List<String[]> targets, LogOptions options, OutputStream shared,
            boolean prefixLines) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        for (String[] t : targets) {
            NodePod p = pods.get(Integer.parseInt(t[0]));
            threads.add(Thread.ofVirtual().start(() -> {
                try (OutputStream out = outputFor(shared, p, t[1], prefixLines)) {
                    readContainer(p, t[1], options, out);
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static void flushQuietly(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            // stdout closed (a pipe's reader left): the next write reports it
        }
    }
}
