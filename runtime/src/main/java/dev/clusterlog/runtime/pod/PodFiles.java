package dev.clusterlog.runtime.pod;

import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

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
        deleteTree(podDir);
        deleteTree(layout.volumesDirectory(pod.uid()));
        deleteTree(layout.commandsDirectory(pod.logDirectoryName()));
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

    /** Deletes a directory tree without following symbolic links; a missing tree is fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
