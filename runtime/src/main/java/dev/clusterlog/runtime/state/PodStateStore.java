package dev.clusterlog.runtime.state;

import dev.clusterlog.core.io.ChecksummedFile;
import dev.clusterlog.core.io.CorruptFileException;
import dev.clusterlog.core.io.Fsync;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pod state files under {@code <node-root>/run/pods/}, one per pod, named
 * {@code <ns>_<pod>_<uid>.state}: a {@link ChecksummedFile} whose body {@link PodStateFormat}
 * defines (magic {@code "CLPS"}, version 2).
 *
 * <p>Written through {@link ChecksummedFile} (temporary file, fsync, rename, folder fsync), so
 * readers in other processes ({@code pod list}, {@code logs}) see the old or the new state, never a
 * mix, and a published state survives a crash. A file with another magic, version or checksum is
 * reported with a {@link CorruptFileException} naming it; {@link #list} skips such files and
 * reports them. Only the pod's runner writes its file.
 */
public final class PodStateStore {
    private static final String SUFFIX = ".state";

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

    /** Writes the pod's state atomically and durably. */
    public void write(PodState pod) throws IOException {
        ChecksummedFile.write(fileOf(pod), PodStateFormat.FORMAT, PodStateFormat.encode(pod));
    }

    /** Removes the pod's state file (pod deleted). */
    public void remove(PodState pod) throws IOException {
        Files.deleteIfExists(fileOf(pod));
        if (Files.isDirectory(directory)) {
            Fsync.directory(directory);
        }
    }

    /**
     * Reads one state file.
     *
     * @throws NoSuchFileException when there is none (the pod was deleted or never ran)
     * @throws CorruptFileException when it is not a state file this version writes
     */
    public static PodState read(Path file) throws IOException {
        PodState state = ChecksummedFile.read(file, PodStateFormat.FORMAT, PodStateFormat::decode);
        if (state == null) {
            throw new NoSuchFileException(file.toString());
        }
        return state;
    }

    /**
     * All readable pod states; unreadable files are passed to {@code onError} and skipped (a
     * file that vanished meanwhile is skipped silently: its pod was deleted).
     */
    public List<PodState> list(Consumer<IOException> onError) {
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
        pods.sort(Comparator.comparing(PodState::namespace).thenComparing(PodState::name)
                .thenComparingLong(PodState::createdAtMillis));
        return pods;
    }
}
