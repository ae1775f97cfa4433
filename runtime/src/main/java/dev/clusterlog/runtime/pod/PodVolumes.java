package dev.clusterlog.runtime.pod;

import dev.clusterlog.runtime.manifest.PodManifest;
import dev.clusterlog.runtime.manifest.PodManifest.VolumeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets up a pod's volumes on the host before its containers start, as kubelet's volume manager
 * does: {@code emptyDir} and {@code configMap} volumes are directories under
 * {@code <node-root>/volumes/<uid>/<volume>} (removed with the pod), a {@code hostPath} volume
 * is the host directory itself (created when missing, never removed). A {@code configMap}
 * volume whose ConfigMap is not among the manifest file's documents cannot be mounted; the
 * containers that mount it fail to start with kubelet's message, the others run.
 * Not thread-safe: used once by the runner before start.
 */
final class PodVolumes {
    private final Map<String, Path> sources = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    private PodVolumes() {
    }

    static PodVolumes prepare(PodManifest pod, NodeLayout layout) throws IOException {
        PodVolumes volumes = new PodVolumes();
        Path base = layout.volumesDirectory(pod.uid());
        for (VolumeSpec v : pod.volumes().values()) {
            Path dir = base.resolve(v.name());
            switch (v.kind()) {
                case EMPTY_DIR -> Files.createDirectories(dir);
                case HOST_PATH -> {
                    dir = Path.of(v.hostPath());
                    if (!Files.exists(dir)) {
                        Files.createDirectories(dir);
                    }
                }
                case CONFIG_MAP -> {
                    Files.createDirectories(dir);
                    if (!v.configMapFound() && !v.optional()) {
                        volumes.errors.put(v.name(), "MountVolume.SetUp failed for volume \"" + v.name()
                                + "\" : configmap \"" + v.configMapName() + "\" not found");
                    }
                    for (Map.Entry<String, byte[]> f : v.configMapFiles().entrySet()) {
                        Path file = dir.resolve(f.getKey());
                        Files.createDirectories(file.getParent());
                        Files.write(file, f.getValue());
                    }
                }
                default -> throw new IllegalStateException("unknown volume kind " + v.kind());
            }
            volumes.sources.put(v.name(), dir.toAbsolutePath());
        }
        return volumes;
    }

    /** The host directory of each volume, by name. */
    Map<String, Path> sources() {
        return sources;
    }

    /** Why the container's volumes cannot all be mounted, or null when they can. */
    String mountError(PodManifest.ContainerSpec container) {
        for (PodManifest.VolumeMount m : container.volumeMounts()) {
            if (errors.containsKey(m.name())) {
                return errors.get(m.name());
            }
        }
        return null;
    }
}
