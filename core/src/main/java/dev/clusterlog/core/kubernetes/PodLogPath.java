package dev.clusterlog.core.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The path of a container log file under kubelet's pod log directory, and the names kubelet
 * builds around it (PROTOCOLS.md §1.5, kubernetes {@code pkg/kubelet/kuberuntime/helpers.go} and
 * {@code legacy.go}):
 *
 * <pre>
 * &lt;podLogsDir&gt;/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log                 live file
 * &lt;podLogsDir&gt;/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log.&lt;YYYYMMDD-hhmmss&gt;     rotated
 * &lt;podLogsDir&gt;/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log.&lt;YYYYMMDD-hhmmss&gt;.gz  rotated, compressed
 * </pre>
 *
 * {@code podLogsDir} defaults to {@code /var/log/pods}; a path is recognised under any directory
 * named {@code pods} (an agent may see the node's root mounted elsewhere). The pod directory is
 * split from the right on {@code _}, as kubelet's {@code parsePodUIDFromLogsDirectory} does;
 * namespaces and pod names are DNS names and hold no {@code _}. Kubelet's temporary
 * {@code .tmp} files (while compressing) are not log files. Immutable and thread-safe.
 *
 * @param rotationTimestamp the {@code YYYYMMDD-hhmmss} suffix of a rotated file (kubelet's local
 *     clock, Go layout {@code 20060102-150405}), or null for the live file
 */
public record PodLogPath(String namespace, String podName, String podUid, String containerName, int restartCount,
        String rotationTimestamp, boolean compressed) {

    /** kubelet's default {@code podLogsDir}. */
    public static final String DEFAULT_POD_LOGS_DIRECTORY = "/var/log/pods";
    /** The legacy symlink directory ({@code legacyContainerLogsDir}). */
    public static final String LEGACY_CONTAINER_LOGS_DIRECTORY = "/var/log/containers";
    /** ext4's file name limit, 255, less {@code ".log"}: kubelet truncates legacy symlink names to this. */
    public static final int LEGACY_SYMLINK_MAX_BASE_NAME_BYTES = 255 - ".log".length();

    private static final String LOG_SUFFIX = ".log";
    private static final String GZIP_SUFFIX = ".gz";
    /** {@code YYYYMMDD-hhmmss}. */
    private static final int ROTATION_TIMESTAMP_LENGTH = 15;

    /**
     * Parses a path that ends in {@code pods/<ns>_<pod>_<uid>/<container>/<file>}; empty when it
     * is not a container log file path (another layout, a {@code .tmp} file, an empty name part).
     */
    public static Optional<PodLogPath> parse(String path) {
        String[] parts = path.split("/", -1);
        int n = parts.length;
        if (n < 4 || !parts[n - 4].equals("pods")) {
            return Optional.empty();
        }
        return parse(parts[n - 3], parts[n - 2], parts[n - 1]);
    }

    /** Parses a path relative to the pod logs directory: {@code <ns>_<pod>_<uid>/<container>/<file>}. */
    public static Optional<PodLogPath> parseRelative(String relativePath) {
        String[] parts = relativePath.split("/", -1);
        return parts.length == 3 ? parse(parts[0], parts[1], parts[2]) : Optional.empty();
    }

    /**
     * A pod's log directory name {@code <ns>_<pod>_<uid>}, split from the right on {@code _} as
     * kubelet's {@code parsePodUIDFromLogsDirectory} does (namespace and pod names cannot hold
     * {@code _}, so only a UID with {@code _} would be ambiguous).
     */
    public record PodDirectory(String namespace, String podName, String podUid) {
        public static Optional<PodDirectory> parse(String podDirectory) {
            int uidSeparator = podDirectory.lastIndexOf('_');
            int podSeparator = uidSeparator <= 0 ? -1 : podDirectory.lastIndexOf('_', uidSeparator - 1);
            if (podSeparator <= 0 || uidSeparator == podSeparator + 1 || uidSeparator == podDirectory.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new PodDirectory(podDirectory.substring(0, podSeparator),
                    podDirectory.substring(podSeparator + 1, uidSeparator), podDirectory.substring(uidSeparator + 1)));
        }
    }

    private static Optional<PodLogPath> parse(String podDirectory, String container, String fileName) {
        Optional<PodDirectory> pod = PodDirectory.parse(podDirectory);
        if (pod.isEmpty() || container.isEmpty()) {
            return Optional.empty();
        }
        int logEnd = fileName.indexOf(LOG_SUFFIX);
        if (logEnd <= 0) {
            return Optional.empty();
        }
        int restart = parseRestartCount(fileName, logEnd);
        if (restart < 0) {
            return Optional.empty();
        }
        String rest = fileName.substring(logEnd + LOG_SUFFIX.length());
        String rotation = null;
        boolean compressed = false;
        if (!rest.isEmpty()) {
            if (rest.endsWith(GZIP_SUFFIX)) {
                compressed = true;
                rest = rest.substring(0, rest.length() - GZIP_SUFFIX.length());
            }
            if (rest.length() != 1 + ROTATION_TIMESTAMP_LENGTH || rest.charAt(0) != '.'
                    || !isRotationTimestamp(rest.substring(1))) {
                return Optional.empty();
            }
            rotation = rest.substring(1);
        }
        PodDirectory d = pod.get();
        return Optional.of(new PodLogPath(d.namespace(), d.podName(), d.podUid(), container, restart, rotation,
                compressed));
    }

    /** The decimal restart count before {@code .log}, or -1. */
    private static int parseRestartCount(String fileName, int end) {
        if (end > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < end; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isRotationTimestamp(String s) {
        for (int i = 0; i < ROTATION_TIMESTAMP_LENGTH; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 ? c == '-' : c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True for a rotated file (compressed or not), false for the live {@code <n>.log}. */
    public boolean isRotated() {
        return rotationTimestamp != null;
    }

    /** {@code <podLogsDirectory>/<ns>_<pod>_<uid>}, kubelet's {@code BuildPodLogsDirectory}. */
    public static String buildPodLogsDirectory(String podLogsDirectory, String namespace, String podName, String podUid) {
        return podLogsDirectory + "/" + namespace + "_" + podName + "_" + podUid;
    }

    /** {@code <n>.log}, kubelet's {@code buildContainerLogsPath} file name. */
    public static String containerLogFileName(int restartCount) {
        if (restartCount < 0) {
            throw new IllegalArgumentException("restart count cannot be negative: " + restartCount);
        }
        return restartCount + LOG_SUFFIX;
    }

    /** This pod's log directory under {@code podLogsDirectory}. */
    public String podLogsDirectory(String podLogsDirectory) {
        return buildPodLogsDirectory(podLogsDirectory, namespace, podName, podUid);
    }

    /** The live log file of this container instance: {@code <pod dir>/<container>/<n>.log}. */
    public String containerLogPath(String podLogsDirectory) {
        return podLogsDirectory(podLogsDirectory) + "/" + containerName + "/" + containerLogFileName(restartCount);
    }

    /** This file's path: the live path plus the rotation suffix and {@code .gz} when it has them. */
    public String path(String podLogsDirectory) {
        String live = containerLogPath(podLogsDirectory);
        return rotationTimestamp == null ? live : live + "." + rotationTimestamp + (compressed ? GZIP_SUFFIX : "");
    }

    /** The legacy symlink name of this container with the given runtime container id. */
    public String legacySymlinkName(String containerId) {
        return legacySymlinkName(podName, namespace, containerName, containerId);
    }

    /**
     * {@code <pod>_<namespace>_<container>-<containerID>.log}, the name of the symlink kubelet
     * keeps in {@code /var/log/containers} ({@code logSymlink}): the part before {@code .log} is
     * cut to {@value #LEGACY_SYMLINK_MAX_BASE_NAME_BYTES} bytes. A {@code <runtime>://} prefix of
     * a pod-status container id is dropped: kubelet uses the bare runtime id.
     */
    public static String legacySymlinkName(String podName, String namespace, String containerName, String containerId) {
        int scheme = containerId.indexOf("://");
        String id = scheme < 0 ? containerId : containerId.substring(scheme + 3);
        byte[] base = (podName + "_" + namespace + "_" + containerName + "-" + id).getBytes(StandardCharsets.UTF_8);
        int length = Math.min(base.length, LEGACY_SYMLINK_MAX_BASE_NAME_BYTES);
        // Go slices the string by bytes; names are DNS labels and ids hex, so this cuts ASCII
        return new String(base, 0, length, StandardCharsets.UTF_8) + LOG_SUFFIX;
    }
}
