package dev.clusterlog.runtime.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The pod state files under {@code <node-root>/run/pods/}, one per pod, named
 * {@code <ns>_<pod>_<uid>.state}.
 *
 * <p>File grammar (version 1), UTF-8 text:
 * <pre>
 * file    = header LF body LF footer LF
 * header  = "clusterlog-pod-state 1"
 * body    = one line of JSON: a {@link PodState}
 * footer  = "crc32c " 8 lowercase hex digits   ; CRC-32C of the body bytes
 * </pre>
 * Written to a temporary file and renamed over the old one, so readers see the old or the new
 * state, never a mix. A file with another header, version or checksum is reported with a
 * {@link CorruptStateException} naming it; {@link #list} skips such files and reports them.
 */
public final class PodStateStore {
    public static final String MAGIC = "clusterlog-pod-state";
    public static final int VERSION = 1;
    private static final String SUFFIX = ".state";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path directory;

    public PodStateStore(Path nodeRoot) {
        this.directory = nodeRoot.resolve("run").resolve("pods");
    }

    public Path directory() {
        return directory;
    }

    public Path fileOf(PodState pod) {
        return directory.resolve(pod.logDirectoryName() + SUFFIX);
    }

    /** Writes the pod's state atomically. */
    public void write(PodState pod) throws IOException {
        Files.createDirectories(directory);
        byte[] body = JSON.writeValueAsBytes(pod);
        CRC32C crc = new CRC32C();
        crc.update(body);
        String text = MAGIC + " " + VERSION + "\n" + new String(body, StandardCharsets.UTF_8) + "\n"
                + String.format("crc32c %08x", crc.getValue()) + "\n";
        Path target = fileOf(pod);
        Path tmp = directory.resolve("." + target.getFileName() + ".tmp" + ProcessHandle.current().pid());
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the pod's state file (pod deleted). */
    public void remove(PodState pod) throws IOException {
        Files.deleteIfExists(fileOf(pod));
    }

    /** Reads one state file. */
    public static PodState read(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw e;
        }
        String text = new String(all, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty()) {
            throw new CorruptStateException(file, 0, "expected 3 lines (header, JSON, crc32c footer)");
        }
        String expectedHeader = MAGIC + " " + VERSION;
        if (!lines[0].equals(expectedHeader)) {
            throw new CorruptStateException(file, 0, "header mismatch: actual=\"" + lines[0]
                    + "\" vs expected=\"" + expectedHeader + "\"");
        }
        byte[] body = lines[1].getBytes(StandardCharsets.UTF_8);
        long footerOffset = lines[0].length() + 1L + body.length + 1L;
        CRC32C crc = new CRC32C();
        crc.update(body);
        String expectedFooter = String.format("crc32c %08x", crc.getValue());
        if (!lines[2].equals(expectedFooter)) {
            throw new CorruptStateException(file, footerOffset, "checksum mismatch: actual=\""
                    + lines[2] + "\" vs expected=\"" + expectedFooter + "\"");
        }
        return JSON.readValue(body, PodState.class);
    }

    /**
     * All readable pod states; unreadable files are passed to {@code onError} and skipped (a
     * file that vanished meanwhile is skipped silently: its pod was deleted).
     */
    public List<PodState> list(java.util.function.Consumer<IOException> onError) {
        List<PodState> pods = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return pods;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    pods.add(read(f));
                } catch (NoSuchFileException gone) {
                    // deleted between listing and reading
                } catch (IOException e) {
                    onError.accept(e);
                }
            }
        } catch (IOException e) {
            onError.accept(e);
        }
        pods.sort(java.util.Comparator.comparing(PodState::namespace).thenComparing(PodState::name)
                .thenComparingLong(PodState::createdAtMillis));
        return pods;
    }

    /** A state file that is not what {@link PodStateStore} writes. */
    public static final class CorruptStateException extends IOException {
        private static final long serialVersionUID = 1L;

        public CorruptStateException(Path file, long offset, String what) {
            super(file + ": byte " + offset + ": corrupt pod state: " + what);
        }
    }
}
