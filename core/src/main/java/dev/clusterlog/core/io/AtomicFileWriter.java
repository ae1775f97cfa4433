package dev.clusterlog.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Creates or replaces a file so that a crash at any moment leaves either the old file or the
 * whole new one, never a mix, and so that the new one survives a power loss once
 * {@link #commit()} returns. The one write policy of every clusterlog format:
 * <ol>
 *   <li>write {@code FILE.tmp} (created or truncated),</li>
 *   <li>fsync it,</li>
 *   <li>rename it over {@code FILE} (atomic),</li>
 *   <li>fsync the folder, so that the rename itself is durable.</li>
 * </ol>
 * A writer closed without {@link #commit()} deletes its temporary file and leaves {@code FILE} as it
 * was. One writer per file at a time (the owner of a file serializes its writes); not thread-safe.
 */
public final class AtomicFileWriter implements Closeable {
    private final Path file;
    private final Path tmp;
    private final FileChannel channel;
    private long written;
    private boolean done;

    private AtomicFileWriter(Path file, Path tmp, FileChannel channel) {
        this.file = file;
        this.tmp = tmp;
        this.channel = channel;
    }

    /** Opens a writer for {@code file}, creating its folder when missing. */
    public static AtomicFileWriter open(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new AtomicFileWriter(absolute, tmp, ch);
    }

    /** Writes {@code b[off, off + len)} as the whole content of {@code file}, atomically and durably. */
    public static void write(Path file, byte[] b, int off, int len) throws IOException {
        try (AtomicFileWriter w = open(file)) {
            w.write(b, off, len);
            w.commit();
        }
    }

    public static void write(Path file, ByteWriter content) throws IOException {
        write(file, content.array(), 0, content.length());
    }

    public void write(byte[] b, int off, int len) throws IOException {
        write(ByteBuffer.wrap(b, off, len));
    }

    public void write(ByteBuffer bytes) throws IOException {
        checkOpen();
        while (bytes.hasRemaining()) {
            written += channel.write(bytes);
        }
    }

    /** Bytes written so far. */
    public long position() {
        return written;
    }

    /** The channel of the temporary file, for writers that stream (transferTo, positional writes). */
    public FileChannel channel() {
        checkOpen();
        return channel;
    }

    /** Makes the new content durable and visible under the file's name. */
    public void commit() throws IOException {
        checkOpen();
        channel.force(true);
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done = true;
        Fsync.directory(file.getParent());
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException("writer of " + file + " is already committed or closed");
        }
    }
}
