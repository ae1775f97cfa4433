package dev.clusterlog.runtime.internal.log;

import dev.clusterlog.runtime.log.RotationPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * kubelet's container log rotation ({@code pkg/kubelet/logs/container_log_manager.go}), run by
 * the pod runner every monitor interval for each running container whose live file reached
 * {@code maxSize}:
 * <ol>
 *   <li>delete unused files of {@code <log>.*}: {@code *.tmp}, and uncompressed files whose
 *       {@code .gz} twin exists;</li>
 *   <li>delete the oldest rotated files (names sort chronologically) so that at most
 *       {@code maxFiles - 2} remain: the live file and the one about to be rotated make up the rest;</li>
 *   <li>gzip the remaining uncompressed rotated files via {@code <f>.tmp}, renamed to {@code <f>.gz};</li>
 *   <li>rename the live file to {@code <log>.<YYYYMMDD-hhmmss>} (local time, uncompressed so a
 *       reader can finish it) and reopen the live file ({@link ContainerLogFile#rotateTo}).</li>
 * </ol>
 * kubelet would rename over a rotated file of the same second; here that rotation is skipped
 * until the next pass, so no file is ever overwritten (only matters for sub-second intervals).
 * Not thread-safe: one rotator pass at a time per log (the runner's single monitor thread).
 */
public final class LogRotator {
    private static final DateTimeFormatter ROTATED_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String GZ = ".gz";
    private static final String TMP = ".tmp";

    private final RotationPolicy policy;
    private final Clock clock;

    public LogRotator(RotationPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * One monitor pass for a running container: reopens a missing live file, rotates a full one.
     * Returns true when the live file was rotated.
     */
    public boolean rotateIfNeeded(ContainerLogFile log) throws IOException {
        if (!policy.enabled()) {
            return false;
        }
        long size = log.size();
        if (size < 0) {
            log.reopen();
            return false;
        }
        if (size < policy.maxSizeBytes()) {
            return false;
        }
        Path live = log.path();
        List<Path> rotated = removeUnused(rotatedFiles(live));
        while (rotated.size() > policy.maxFiles() - 2) {
            Files.deleteIfExists(rotated.remove(0));
        }
        for (Path f : rotated) {
            if (!f.getFileName().toString().endsWith(GZ)) {
                compress(f);
            }
        }
        Path target = live.resolveSibling(live.getFileName() + "." + ROTATED_SUFFIX.format(clock.instant()
                .atZone(clock.getZone())));
        if (Files.exists(target.resolveSibling(target.getFileName() + GZ))) {
            return false;
        }
        return log.rotateTo(target);
    }

    /** The files {@code <log>.*}, sorted by name (= oldest first). */
    static List<Path> rotatedFiles(Path live) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(live.getParent(),
                glob(live.getFileName().toString()) + ".*")) {
            dir.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    private static String glob(String name) {
        return name.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    /** Step 1: deletes {@code *.tmp} and uncompressed twins of {@code .gz}; returns the rest. */
    private static List<Path> removeUnused(List<Path> files) throws IOException {
        List<Path> kept = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(TMP) || (!name.endsWith(GZ) && files.contains(f.resolveSibling(name + GZ)))) {
                Files.deleteIfExists(f);
            } else {
                kept.add(f);
            }
        }
        return kept;
    }

    /** Step 3 for one file: {@code <f>} to {@code <f>.tmp} (same permissions), renamed to {@code <f>.gz}. */
    private static void compress(Path f) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + TMP);
        try (InputStream in = Files.newInputStream(f);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            in.transferTo(out);
        }
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(f));
        } catch (UnsupportedOperationException notPosix) {
            // permissions stay the default on file systems without POSIX modes
        }
        Files.move(tmp, f.resolveSibling(f.getFileName() + GZ), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(f);
    }
}
