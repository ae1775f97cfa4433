package dev.clusterlog.runtime.internal.log;

import dev.clusterlog.core.cri.CriLineWriter;
import dev.clusterlog.core.entry.LogStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live CRI log file {@code <n>.log} of one container instance, shared by its stdout and
 * stderr readers, and the place where kubelet's "rename, then ReopenContainerLog" happens.
 *
 * <p>Thread-safety: every record is written whole under one lock, with a single {@code write}
 * call on an unbuffered stream, so nothing sits in a buffer when the file is renamed. The
 * rotation ({@link #rotateTo}) takes the same lock around rename and reopen, so every record is
 * entirely in the rotated file or entirely in the new live file: none is lost, torn or written
 * twice. Time stamps come from the injected clock, in its zone (containerd writes local time).
 */
public final class ContainerLogFile implements Closeable {
    private final Path path;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final CriLineWriter writer;
    private FileOutputStream out;
    private boolean closed;

    private ContainerLogFile(Path path, Clock clock, FileOutputStream out) {
        this.path = path;
        this.clock = clock;
        this.out = out;
        this.writer = new CriLineWriter(out);
    }

    /** Opens (creating, or appending to) the live file at {@code path}. */
    public static ContainerLogFile open(Path path, Clock clock) throws IOException {
        Files.createDirectories(path.getParent());
        return new ContainerLogFile(path, clock, new FileOutputStream(path.toFile(), true));
    }

    public Path path() {
        return path;
    }

    /**
     * Writes one CRI record stamped with the current time. After {@link #close} records are
     * dropped: the container's log is gone with its pod.
     */
    public void write(LogStream stream, boolean partial, byte[] content, int off, int len) throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            long nanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
            int offset = clock.getZone().getRules().getOffset(now).getTotalSeconds();
            writer.write(nanos, offset, stream, partial, content, off, len);
        } finally {
            lock.unlock();
        }
    }

    /** The live file's size, or -1 when it is missing (someone removed it: reopen). */
    public long size() throws IOException {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /**
     * Renames the live file to {@code rotated} and continues in a new live file, atomically with
     * respect to {@link #write}. Returns false, changing nothing, when {@code rotated} exists.
     * If the new file cannot be opened the rename is undone (kubelet's {@code rotateLatestLog}).
     */
    public boolean rotateTo(Path rotated) throws IOException {
        lock.lock();
        try {
            if (closed || Files.exists(rotated)) {
                return false;
            }
            Files.move(path, rotated);
            FileOutputStream next;
            try {
                next = new FileOutputStream(path.toFile(), true);
            } catch (IOException e) {
                Files.move(rotated, path);
                throw new IOException("failed to reopen container log \"" + path + "\": " + e.getMessage(), e);
            }
            switchTo(next);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** kubelet's {@code ReopenContainerLog}: continues in a (re)created file at the live path. */
    public void reopen() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                switchTo(new FileOutputStream(path.toFile(), true));
            }
        } finally {
            lock.unlock();
        }
    }

    private void switchTo(FileOutputStream next) throws IOException {
        FileOutputStream old = out;
        out = next;
        writer.setOutput(next);
        old.close();
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                out.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
