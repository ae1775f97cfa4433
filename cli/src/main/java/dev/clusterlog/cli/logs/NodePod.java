package dev.clusterlog.cli.logs;

import dev.clusterlog.core.kubernetes.PodLogPath;
import dev.clusterlog.core.podlog.ContainerLogFiles;
import dev.clusterlog.runtime.state.ContainerState;
import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A pod as the node's files show it: its log directory and, when the node runtime runs it, its
 * state file. Pods whose log directories were written by another runtime (a real kubelet's
 * {@code /var/log/pods}) have no state: their containers are the directory's subdirectories and
 * their current instance is the highest numbered file.
 */
public record NodePod(String namespace, String name, String uid, Path directory, PodState state) {

    /** The newest pod of this name in the namespace (state files first, then log directories), or null. */
    public static NodePod find(Path nodeRoot, String namespace, String name, Consumer<String> warnings) {
        NodePod best = null;
        for (NodePod p : all(nodeRoot, warnings)) {
            if (p.namespace.equals(namespace) && p.name.equals(name)) {
                best = p;
            }
        }
        return best;
    }

    /** All pods of the node, oldest first within a name (state files win over bare directories). */
    public static List<NodePod> all(Path nodeRoot, Consumer<String> warnings) {
        List<NodePod> pods = new ArrayList<>();
        Path podsDir = nodeRoot.resolve("pods");
        for (PodState s : new PodStateStore(nodeRoot).list(e -> warnings.accept(e.getMessage()))) {
            pods.add(new NodePod(s.namespace(), s.name(), s.uid(), podsDir.resolve(s.logDirectoryName()), s));
        }
        if (Files.isDirectory(podsDir)) {
            List<Path> dirs = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(podsDir)) {
                ds.forEach(dirs::add);
            } catch (IOException e) {
                warnings.accept(podsDir + ": " + e.getMessage());
            }
            dirs.sort((a, b) -> Long.compare(modified(a), modified(b)));
            for (Path d : dirs) {
                var parsed = PodLogPath.PodDirectory.parse(d.getFileName().toString());
                if (parsed.isEmpty() || !Files.isDirectory(d)) {
                    continue;
                }
                boolean known = pods.stream().anyMatch(p -> p.directory.equals(d));
                if (!known) {
                    var pd = parsed.get();
                    pods.add(new NodePod(pd.namespace(), pd.podName(), pd.podUid(), d, null));
                }
            }
        }
        return pods;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Init containers (suffixed {@code (init)} in kubectl's lists) then containers, in manifest order. */
    public List<String> containerNames() {
        List<String> names = new ArrayList<>();
        if (state != null) {
            state.containers().forEach(c -> names.add(c.name()));
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
            ds.forEach(d -> {
                if (Files.isDirectory(d)) {
                    names.add(d.getFileName().toString());
                }
            });
        } catch (IOException e) {
            // the pod directory vanished (deleted meanwhile): no containers
        }
        names.sort(null);
        return names;
    }

    /** kubectl's {@code AllContainerNames} list: {@code "app, sidecar, init-db (init)"}. */
    public String allContainerNames() {
        List<String> all = new ArrayList<>(containerNames());
        if (state != null) {
            state.initContainers().forEach(c -> all.add(c.name() + " (init)"));
        }
        return String.join(", ", all);
    }

    public boolean hasContainer(String container) {
        if (state != null) {
            return state.container(container) != null;
        }
        return containerNames().contains(container);
    }

    public Map<String, String> annotations() {
        return state == null || state.annotations() == null ? Map.of() : state.annotations();
    }

    public Map<String, String> labels() {
        return state == null || state.labels() == null ? Map.of() : state.labels();
    }

    public boolean hasInitContainers() {
        return state != null && !state.initContainers().isEmpty();
    }

    public Path containerDirectory(String container) {
        return directory.resolve(container);
    }

    /**
     * The instance to read, with kubelet's rules and error texts ({@code validateContainerLogStatus}).
     *
     * @throws IllegalStateException with kubelet's message when there is no such instance
     */
    public int instance(String container, boolean previous) throws IOException {
        if (state == null) {
            List<Integer> instances = ContainerLogFiles.instances(containerDirectory(container));
            int index = instances.size() - (previous ? 2 : 1);
            if (index < 0) {
                throw new IllegalStateException(previous
                        ? "previous terminated container \"" + container + "\" in pod \"" + name + "\" not found"
                        : "container \"" + container + "\" in pod \"" + name + "\" is waiting to start - no logs yet");
            }
            return instances.get(index);
        }
        ContainerState c = state.container(container);
        if (previous) {
            if (c.lastTerminated() == null) {
                throw new IllegalStateException("previous terminated container \"" + container + "\" in pod \""
                        + name + "\" not found");
            }
            return c.lastTerminated().restartCount();
        }
        if (c.containerId() == null) {
            String reason = c.reason() == null ? "ContainerCreating" : c.reason();
            throw new IllegalStateException("container \"" + container + "\" in pod \"" + name
                    + "\" is waiting to start: " + reason);
        }
        return c.restartCount();
    }

    /**
     * Whether the instance still runs, read anew from the state file (another process owns it).
     * Pods without state are assumed running, as kubelet assumes when the runtime is unavailable.
     */
    public boolean isRunning(Path nodeRoot, String container, int instance) {
        if (state == null) {
            return Files.isDirectory(directory);
        }
        try {
            PodState now = PodStateStore.read(new PodStateStore(nodeRoot).fileOf(state));
            ContainerState c = now.container(container);
            return c != null && c.isRunning() && c.restartCount() == instance;
        } catch (IOException e) {
            return false; // state file gone: the pod was deleted
        }
    }
}
