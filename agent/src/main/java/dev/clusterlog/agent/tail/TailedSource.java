package dev.clusterlog.agent.tail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One byte stream being tailed: a file from the moment it was first seen, followed across
 * renames, into its copy or its {@code .gz}, until it is gone. Its {@link #id()} names it in
 * batches and checkpoints ({@code X-Clusterlog-Source}); offsets are in uncompressed bytes of
 * the stream. Owned by the {@link FileTailer}; handlers read it and may hang their state on
 * {@link #attachment}.
 */
public final class TailedSource {
    final String id;
    /** Order of first sight: older streams are read first, so a rotated file before its successor. */
    long seq;
    byte[] fingerprint;
    FileKey key;
    Path path;
    /** Offset after the last byte handed to the handler. */
    long readOffset;
    /** Offset the output acknowledged, and the handler state at that offset. */
    long ackedOffset;
    byte[] ackedState;
    /** End offsets of the batches sent and not yet acknowledged, ascending (kept in the checkpoint). */
    final java.util.ArrayDeque<Long> inFlight = new java.util.ArrayDeque<>();
    /** After a restart: the in-flight ends of the last run, where batches must be cut again (ascending). */
    long[] cutPoints = new long[0];
    int nextCut;

    FileChannel channel;
    InputStream gzip;
    /** Bytes of the gzip stream consumed: the gzip stream's position. */
    long gzipPosition;
    byte[] gzipCarry = new byte[0];
    boolean gzipEnded;

    /** Set when no discovered path names the file any more (deleted, or renamed out of sight). */
    long goneSinceNanos = -1;
    /** Set when the stream lost its file (truncated, or restored and not yet found). */
    boolean retired;
    int scansSinceRetired;

    /** The handler's per-source state (assembler, labels); the tailer never touches it. */
    public Object attachment;

    TailedSource(String id, long seq, byte[] fingerprint, long offset) {
        this.id = id;
        this.seq = seq;
        this.fingerprint = fingerprint;
        this.readOffset = offset;
        this.ackedOffset = offset;
    }

    public String id() {
        return id;
    }

    /** The last path the file was seen at (it may have been renamed or deleted since). */
    public Path path() {
        return path;
    }

    public FileKey key() {
        return key;
    }

    public long readOffset() {
        return readOffset;
    }

    public long ackedOffset() {
        return ackedOffset;
    }

    boolean bound() {
        return channel != null || gzip != null;
    }

    void closeFile() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (gzip != null) {
                gzip.close();
            }
        } catch (IOException e) {
            // closing a read handle: nothing to lose
        }
        channel = null;
        gzip = null;
    }

    @Override
    public String toString() {
        return id + " " + path + " @" + readOffset;
    }
}
