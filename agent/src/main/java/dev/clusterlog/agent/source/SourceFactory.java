package dev.clusterlog.agent.source;

import dev.clusterlog.agent.assemble.SourceDecoder;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.tail.FileDiscovery;
import dev.clusterlog.agent.tail.GlobDiscovery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each configured source reads and how: {@code kubernetes} follows
 * {@code <node-root>/pods/*}{@code /*}{@code /*.log*} (live, rotated and compressed container
 * logs, CRI or Docker json-file detected per file); {@code docker} follows
 * {@code <node_root>/*}{@code /*-json.log*} (default node_root {@code /var/lib/docker/containers});
 * {@code file} follows glob paths as plain text; {@code klog} follows klog files (default
 * {@code /var/log/kube-*.log}, {@code /var/log/kubelet.log}) stamped with their header's time
 * (UTC), with severity, source file:line and thread as structured metadata.
 */
public final class SourceFactory {
    private SourceFactory() {
    }

    public static FileDiscovery discovery(AgentConfig.Source source) {
        if (source.type().equals("kubernetes")) {
            return new GlobDiscovery(List.of(source.nodeRoot().resolve("pods") + "/*/*/*.log*"));
        }
        if (source.type().equals("docker")) {
            return new GlobDiscovery(List.of(source.nodeRoot() + "/*/*-json.log*"));
        }
        if (source.type().equals("klog") && source.paths().isEmpty()) {
            return new GlobDiscovery(List.of("/var/log/kube-*.log", "/var/log/kubelet.log"));
        }
        return new GlobDiscovery(source.paths());
    }

    public static SourceDecoder.Mode mode(AgentConfig.Source source) {
        return switch (source.type()) {
            case "file" -> SourceDecoder.Mode.PLAIN;
            case "klog" -> SourceDecoder.Mode.KLOG;
            default -> SourceDecoder.Mode.CONTAINER;
        };
    }

    /** Static labels: {@code tag} (as fluentd's) and {@code labels}; plus {@code source} = the source's name. */
    public static Map<String, String> staticLabels(AgentConfig.Source source) {
        Map<String, String> labels = new LinkedHashMap<>(source.labels());
        if (source.tag() != null) {
            labels.put("tag", source.tag());
        }
        return labels;
    }
}
