package dev.clusterlog.agent.enrich;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.kubernetes.PodLogPath;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stream labels from where a file lies (DESIGN.md, Stream identity): for a kubelet pod log path
 * {@code namespace}, {@code pod}, {@code pod_uid}, {@code container}, {@code restart}, plus
 * {@code node}; for Docker's json-file layout the container's id, name and image (and pod labels
 * when kubelet set them); for any other file {@code filename}. Static labels (a source's {@code tag} and
 * {@code labels}) are added to both.
 */
public final class PathLabels {
    private final String node;
    private final Map<String, String> staticLabels;

    public PathLabels(String node, Map<String, String> staticLabels) {
        this.node = node;
        this.staticLabels = Map.copyOf(staticLabels);
    }

    public LabelSet labels(Path path) {
        Map<String, String> labels = new TreeMap<>(staticLabels);
        Optional<PodLogPath> pod = PodLogPath.parse(path.toString());
        if (pod.isPresent()) {
            PodLogPath p = pod.get();
            labels.put("namespace", p.namespace());
            labels.put("pod", p.podName());
            labels.put("pod_uid", p.podUid());
            labels.put("container", p.containerName());
            labels.put("restart", Integer.toString(p.restartCount()));
        } else if (!dockerLabels(path, labels)) {
            labels.put("filename", stripRotation(path.toString()));
        }
        if (node != null && !node.isEmpty()) {
            labels.put("node", node);
        }
        return LabelSet.of(labels);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Docker's json-file layout {@code <root>/<id>/<id>-json.log[.N]}: {@code container_id},
     * {@code container_name} and {@code image} from the container's {@code config.v2.json}, and
     * the pod labels dockershim-era kubelet put there ({@code io.kubernetes.*}).
     */
    static boolean dockerLabels(Path path, Map<String, String> labels) {
        Path dir = path.getParent();
        String name = path.getFileName().toString();
        if (dir == null || !name.startsWith(dir.getFileName() + "-json.log")) {
            return false;
        }
        labels.put("container_id", dir.getFileName().toString());
        try {
            var config = JSON.readTree(dir.resolve("config.v2.json").toFile());
            String n = config.path("Name").asText("");
            labels.put("container_name", n.startsWith("/") ? n.substring(1) : n);
            labels.put("image", config.path("Config").path("Image").asText(""));
            var k8s = config.path("Config").path("Labels");
            putIfPresent(labels, "namespace", k8s.path("io.kubernetes.pod.namespace").asText(""));
            putIfPresent(labels, "pod", k8s.path("io.kubernetes.pod.name").asText(""));
            putIfPresent(labels, "pod_uid", k8s.path("io.kubernetes.pod.uid").asText(""));
            putIfPresent(labels, "container", k8s.path("io.kubernetes.container.name").asText(""));
        } catch (java.io.IOException e) {
            // no readable config: the id alone names the stream
        }
        labels.values().removeIf(String::isEmpty);
        return true;
    }

    private static void putIfPresent(Map<String, String> labels, String name, String value) {
        if (!value.isEmpty()) {
            labels.put(name, value);
        }
    }

    /** A rotated or compressed file keeps its live file's name, so its lines stay in one stream. */
    static String stripRotation(String path) {
        String p = path.endsWith(".gz") ? path.substring(0, path.length() - 3) : path;
        int log = p.lastIndexOf(".log.");
        return log >= 0 ? p.substring(0, log + 4) : p;
    }
}
