package dev.clusterlog.agent.enrich;

import dev.clusterlog.core.LabelSet;
import dev.clusterlog.core.kubernetes.PodLogPath;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stream labels from where a file lies (DESIGN.md, Stream identity): for a kubelet pod log path
 * {@code namespace}, {@code pod}, {@code pod_uid}, {@code container}, {@code restart}, plus
 * {@code node}; for any other file {@code filename}. Static labels (a source's {@code tag} and
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
        } else {
            labels.put("filename", stripRotation(path.toString()));
        }
        if (node != null && !node.isEmpty()) {
            labels.put("node", node);
        }
        return LabelSet.of(labels);
    }

    /** A rotated or compressed file keeps its live file's name, so its lines stay in one stream. */
    static String stripRotation(String path) {
        String p = path.endsWith(".gz") ? path.substring(0, path.length() - 3) : path;
        int log = p.lastIndexOf(".log.");
        return log >= 0 ? p.substring(0, log + 4) : p;
    }
}
