package dev.clusterlog.core.podlog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * An open log file. Files are opened before any is read, so that a rotation during the read
 * (rename of the live file, compression and deletion of a rotated one) cannot take lines away:
 * on Linux an open handle keeps reading the renamed or deleted file.
 */
final class LogFileHandle implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final boolean compressed;
    private final Object fileKey;

    private LogFileHandle(Path path, FileChannel channel, boolean compressed, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.compressed = compressed;
        this.fileKey = fileKey;
    }

    /**
     * Opens the file, or returns null when it vanished meanwhile (compressed or deleted by
     * rotation). The file's identity is taken by a stat before and after the open: when both
     * agree, the open handle is that file (a rename in between is retried).
     */
    static LogFileHandle openIfExists(Path path) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Object before = fileKeyOf(path);
                FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
                Object after = fileKeyOf(path);
                if (before.equals(after)) {
                    return new LogFileHandle(path, ch, ContainerLogFiles.isGzip(path), after);
                }
                ch.close();
            } catch (NoSuchFileException e) {
                return null;
            }
        }
        throw new IOException(path + ": the file keeps being replaced while it is opened");
    }

    /** The identity (device and inode) of the file a path names now. */
    static Object fileKeyOf(Path path) throws IOException {
        return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    /** The identity of the open file, whatever name it has now. */
    Object fileKey() {
        return fileKey;
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    boolean compressed() {
        return compressed;
    }

    /** A stream of the file's (uncompressed) bytes from the start; for plain files it moves the channel. */
    InputStream openStream() throws IOException {
        return openStream(0);
    }

    /** A stream from a byte offset (plain files only, else 0). Closing it does not close the channel. */
    InputStream openStream(long offset) throws IOException {
        channel.position(offset);
        InputStream raw = new NonClosingInputStream(Channels.newInputStream(channel));
        return compressed ? new GZIPInputStream(new BufferedInputStream(raw, 64 * 1024), 64 * 1024) : raw;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Channels.newInputStream closes its channel on close; the handle owns the channel instead. */
    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
            // the handle closes the channel
        }
    }
}
