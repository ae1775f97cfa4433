package dev.clusterlog.core.cri;

import java.io.IOException;

/**
 * Cuts a container's output stream into CRI records the way containerd's {@code redirectLogs}
 * does ({@code internal/cri/io/logger.go}).
 *
 * <ul>
 *   <li>A line ended by {@code \n} becomes one {@code F} record without the {@code \n} (and
 *       without a {@code \r} right before it, as Go's {@code bufio.Reader.ReadLine} drops
 *       {@code \r\n}).</li>
 *   <li>A line longer than {@code maxLength} is cut into {@code P} records of exactly
 *       {@code maxLength} bytes, and its remainder ends it as an {@code F} record. A line of
 *       exactly {@code maxLength} bytes is one {@code F} record.</li>
 *   <li>Bytes left without a newline when the stream ends are written as a {@code P} record.</li>
 * </ul>
 * 16 KiB ({@link #CONTAINERD_MAX_LINE_SIZE}) is containerd's default
 * {@code max_container_log_line_size}; a {@code maxLength <= 0} disables splitting.
 * Not thread-safe: one splitter per stream (stdout, stderr) of a container.
 */
public final class ContainerdLineSplitter {
    /** containerd's default {@code max_container_log_line_size}: 16 KiB. */
    public static final int CONTAINERD_MAX_LINE_SIZE = 16 * 1024;

    /** Receives each record; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface RecordSink {
        void record(boolean partial, byte[] content, int off, int len) throws IOException;
    }

    private final int maxLength;
    private final RecordSink sink;
    private byte[] pending;
    private int pendingLength;

    public ContainerdLineSplitter(int maxLength, RecordSink sink) {
        this.maxLength = maxLength;
        this.sink = sink;
        this.pending = new byte[maxLength > 0 ? Math.min(maxLength, 4096) : 4096];
    }

    /** Feeds bytes read from the container's pipe. */
    public void feed(byte[] buf, int off, int len) throws IOException {
        int end = off + len;
        int p = off;
        while (p < end) {
            int nl = -1;
            for (int i = p; i < end; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int chunkEnd = nl < 0 ? end : nl;
            append(buf, p, chunkEnd - p);
            if (nl < 0) {
                return;
            }
            int n = pendingLength;
            if (n > 0 && pending[n - 1] == '\r') {
                n--;
            }
            sink.record(false, pending, 0, n);
            pendingLength = 0;
            p = nl + 1;
        }
    }

    /** The stream ended: bytes without a newline become a {@code P} record. */
    public void finish() throws IOException {
        if (pendingLength > 0) {
            sink.record(true, pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    /** Appends line bytes (no newline among them), emitting P records of maxLength as needed. */
    private void append(byte[] buf, int off, int len) throws IOException {
        while (len > 0) {
            if (maxLength > 0 && pendingLength == maxLength) {
                // more bytes of the same line follow a full buffer: that buffer is a P record
                sink.record(true, pending, 0, pendingLength);
                pendingLength = 0;
            }
            int room = maxLength > 0 ? maxLength - pendingLength : len;
            int n = Math.min(room, len);
            ensureCapacity(pendingLength + n);
            System.arraycopy(buf, off, pending, pendingLength, n);
            pendingLength += n;
            off += n;
            len -= n;
        }
    }

    private void ensureCapacity(int size) {
        if (pending.length < size) {
            pending = java.util.Arrays.copyOf(pending, Math.max(size, pending.length * 2));
        }
    }
}
