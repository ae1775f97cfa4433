package dev.clusterlog.runtime.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of a Kubernetes Pod manifest that the local node runtime acts on, validated by
 * {@link PodManifestParser}. Immutable.
 *
 * @param namespace {@code metadata.namespace}, {@code default} when absent
 * @param name {@code metadata.name}
 * @param uid {@code metadata.uid}, or a generated UUID when absent
 * @param labels {@code metadata.labels}
 * @param annotations {@code metadata.annotations}
 * @param restartPolicy {@code Always} (default), {@code OnFailure} or {@code Never}
 * @param terminationGracePeriodSeconds how long a stopped container gets between SIGTERM and SIGKILL
 * @param initContainers run one after another to success before the containers start
 * @param containers the containers, in manifest order
 * @param volumes the volumes, by name, in manifest order
 */
public record PodManifest(
        String namespace,
        String name,
        String uid,
        Map<String, String> labels,
        Map<String, String> annotations,
        RestartPolicy restartPolicy,
        long terminationGracePeriodSeconds,
        List<ContainerSpec> initContainers,
        List<ContainerSpec> containers,
        Map<String, VolumeSpec> volumes) {

    /** Kubernetes' default {@code terminationGracePeriodSeconds}. */
    public static final long DEFAULT_GRACE_SECONDS = 30;

    /** {@code spec.restartPolicy}. */
    public enum RestartPolicy {
        ALWAYS("Always"), ON_FAILURE("OnFailure"), NEVER("Never");

        private final String manifestName;

        RestartPolicy(String manifestName) {
            this.manifestName = manifestName;
        }

        public String manifestName() {
            return manifestName;
        }

        /** Whether a container that exited with this code is started again. */
        public boolean restarts(int exitCode) {
            return this == ALWAYS || (this == ON_FAILURE && exitCode != 0);
        }
    }

    /**
     * One container: what runs, with which environment, where.
     *
     * @param command {@code command}, or empty (then {@code args} is the command line)
     * @param args {@code args}
     * @param env {@code env} values in manifest order ({@code $(VAR)} references expanded at start)
     * @param workingDir {@code workingDir} or null
     */
    public record ContainerSpec(String name, List<String> command, List<String> args,
            Map<String, String> env, String workingDir, List<VolumeMount> volumeMounts) {

        /** The process's argv: {@code command} followed by {@code args}, or {@code args} alone. */
        public List<String> argv() {
            List<String> all = new ArrayList<>(command);
            all.addAll(args);
            return all;
        }
    }

    /** {@code volumeMounts[i]}. */
    public record VolumeMount(String name, String mountPath, boolean readOnly, String subPath) {
    }

    /**
     * A volume. Exactly one source kind.
     *
     * @param hostPath the host directory of a {@code hostPath} volume, else null
     * @param configMapName the ConfigMap of a {@code configMap} volume, else null
     * @param configMapFiles the files the ConfigMap volume holds (relative path to bytes), empty
     *     when the ConfigMap was not in the manifest file
     * @param configMapFound whether the ConfigMap was among the file's documents
     */
    public record VolumeSpec(String name, Kind kind, String hostPath, String configMapName,
            Map<String, byte[]> configMapFiles, boolean configMapFound, boolean optional) {

        /** The volume source kinds the runtime supports. */
        public enum Kind { EMPTY_DIR, CONFIG_MAP, HOST_PATH }
    }
}
