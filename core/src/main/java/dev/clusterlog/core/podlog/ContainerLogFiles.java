package dev.clusterlog.core.podlog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files of one container instance in a pod's log directory: rotated files
 * {@code <n>.log.<YYYYMMDD-hhmmss>[.gz]} oldest first, then the live {@code <n>.log}.
 *
 * <p>kubelet's rotation names sort chronologically by their timestamp part (Go layout
 * {@code 20060102-150405}), whether or not they were compressed since; {@code .tmp} files of a
 * compression in progress are not logs and are left out.
 */
public final class ContainerLogFiles {
    private ContainerLogFiles() {
    }

    /** The live file of instance {@code restart} of the container in {@code containerDir}. */
    public static Path liveFile(Path containerDir, int restart) {
        return containerDir.resolve(restart + ".log");
    }

    /** Rotated files of the instance, oldest first, then the live file if it exists. */
    public static List<Path> instanceFiles(Path containerDir, int restart) throws IOException {
        String live = restart + ".log";
        String rotatedPrefix = live + ".";
        List<Path> rotated = new ArrayList<>();
        if (Files.isDirectory(containerDir)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(containerDir, rotatedPrefix + "*")) {
                for (Path p : dir) {
                    String name = p.getFileName().toString();
                    if (!name.endsWith(".tmp")) {
                        rotated.add(p);
                    }
                }
            }
        }
        rotated.sort(Comparator.comparing(p -> rotationStamp(p.getFileName().toString(), rotatedPrefix)));
        // an uncompressed file whose .gz twin exists is a compression that did not finish its delete
        rotated.removeIf(p -> !isGzip(p) && rotated.contains(p.resolveSibling(p.getFileName() + ".gz")));
        Path livePath = containerDir.resolve(live);
        if (Files.exists(livePath)) {
            rotated.add(livePath);
        }
        return rotated;
    }

    /** The instance numbers that have a live or rotated file in the container directory, ascending. */
    public static List<Integer> instances(Path containerDir) throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(containerDir)) {
            return out;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(containerDir, "*.log*")) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                int dot = name.indexOf(".log");
                try {
                    int n = Integer.parseInt(name.substring(0, dot));
                    if (n >= 0 && !out.contains(n)) {
                        out.add(n);
                    }
                } catch (NumberFormatException e) {
                    // not an instance file
                }
            }
        }
        out.sort(null);
        return out;
    }

    public static boolean isGzip(Path p) {
        return p.getFileName().toString().endsWith(".gz");
    }

    private static String rotationStamp(String name, String prefix) {
        String s = name.substring(prefix.length());
        return s.endsWith(".gz") ? s.substring(0, s.length() - 3) : s;
    }
}
