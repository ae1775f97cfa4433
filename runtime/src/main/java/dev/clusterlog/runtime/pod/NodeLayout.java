package dev.clusterlog.runtime.pod;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where things live under a node root (kubelet's and containerd's layout, PROTOCOLS.md §1.5):
 * <pre>
 * pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;restart&gt;.log[.&lt;YYYYMMDD-hhmmss&gt;[.gz]]
 * containers/&lt;pod&gt;_&lt;ns&gt;_&lt;container&gt;-&lt;container-id&gt;.log   (symlinks to the files above)
 * volumes/&lt;uid&gt;/&lt;volume&gt;/                             (emptyDir and configMap volumes)
 * run/pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;.state                     (PodStateStore)
 * run/commands/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/*.cmd                 (PodControl: requests to the runner)
 * </pre>
 * Immutable.
 */
record NodeLayout(Path root) {
    /** kubelet truncates the symlink name to 255 - len(".log") bytes (ext4's name limit). */
    private static final int MAX_SYMLINK_STEM = 255 - ".log".length();

    public Path podLogDirectory(String namespace, String pod, String uid) {
        return root.resolve("pods").resolve(namespace + "_" + pod + "_" + uid);
    }

    public static Path instanceLog(Path podLogDirectory, String container, int restartCount) {
        return podLogDirectory.resolve(container).resolve(restartCount + ".log");
    }

    public Path containersDirectory() {
        return root.resolve("containers");
    }

    /** {@code containers/<pod>_<ns>_<container>-<id>.log}, truncated like kubelet's {@code logSymlink}. */
    public Path symlink(String namespace, String pod, String container, String containerId) {
        String stem = pod + "_" + namespace + "_" + container + "-" + containerId;
        byte[] bytes = stem.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_SYMLINK_STEM) {
            stem = new String(bytes, 0, MAX_SYMLINK_STEM, StandardCharsets.UTF_8);
        }
        return containersDirectory().resolve(stem + ".log");
    }

    public Path volumesDirectory(String uid) {
        return root.resolve("volumes").resolve(uid);
    }

    public Path commandsDirectory(String podDirectoryName) {
        return root.resolve("run").resolve("commands").resolve(podDirectoryName);
    }
}
