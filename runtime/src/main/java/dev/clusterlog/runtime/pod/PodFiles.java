package dev.clusterlog.runtime.pod;

import dev.clusterlog.core.io.FileTrees;
import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes what a pod left on the node when it is deleted (kubelet: an evicted pod's containers
 * are removed "along with their logs"): the pod log directory, the symlinks into it, the
 * emptyDir and configMap volumes, the request directory and the state file. {@code hostPath}
 * volumes are the host's and stay. Symlinks are removed, never followed. Stateless.
 */
public final class PodFiles {
    private PodFiles() {
    }

    public static void remove(Path nodeRoot, PodState pod) throws IOException {
        NodeLayout layout = new NodeLayout(nodeRoot);
        Path podDir = layout.podLogDirectory(pod.namespace(), pod.name(), pod.uid()).toAbsolutePath();
        removeSymlinksInto(layout.containersDirectory(), podDir);
        FileTrees.deleteRecursively(podDir);
        FileTrees.deleteRecursively(layout.volumesDirectory(pod.uid()));
        FileTrees.deleteRecursively(layout.commandsDirectory(pod.logDirectoryName()));
        new PodStateStore(nodeRoot).remove(pod);
    }

    private static void removeSymlinksInto(Path containers, Path podDir) throws IOException {
        if (!Files.isDirectory(containers)) {
            return;
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(containers, "*.log")) {
            for (Path link : links) {
                if (Files.isSymbolicLink(link)) {
                    Path target = Files.readSymbolicLink(link);
                    Path absolute = link.getParent().resolve(target).normalize().toAbsolutePath();
                    if (absolute.startsWith(podDir)) {
                        Files.deleteIfExists(link);
                    }
                }
            }
        }
    }
}
