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

    private static final byte[] CARRIAGE_RETURN = {'\r'};

    /** Receives each record; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface RecordSink {
        void record(boolean partial, byte[] content, int off, int len) throws IOException;
    }

    private final int maxLength;
    private final RecordSink sink;
    private byte[] pending;
    private int pendingLength;
    /**
     * A {@code \r} that ended the bytes seen so far, held back until the next byte shows whether
     * it belongs to a {@code \r\n} terminator (dropped) or to the content (kept). It must not
     * count toward {@code maxLength}: containerd measures lines after ReadLine stripped
     * {@code \r\n}, so {@code "abcd\r\n"} with maxLength 4 is one {@code F "abcd"}.
     */
    private boolean heldCarriageReturn;

    public ContainerdLineSplitter(int maxLength, RecordSink sink) {
        this.maxLength = maxLength;
        this.sink = sink;
        this.pending = new byte[maxLength > 0 ? Math.min(maxLength, 4096) : 4096];
    }

    /** Feeds bytes read from the container's pipe, in chunks of any size. */
    public void feed(byte[] buf, int off, int len) throws IOException {
        int end = off + len;
        int p = off;
        while (p < end) {
            int nl = indexOfNewline(buf, p, end);
            int chunkEnd = nl < 0 ? end : nl;
            if (chunkEnd > p) {
                releaseHeldCarriageReturn();
                int contentEnd = chunkEnd;
                if (buf[contentEnd - 1] == '\r') {
                    contentEnd--;
                    heldCarriageReturn = true;
                }
                append(buf, p, contentEnd - p);
            }
            if (nl < 0) {
                return;
            }
            heldCarriageReturn = false;
            sink.record(false, pending, 0, pendingLength);
            pendingLength = 0;
            p = nl + 1;
        }
    }

    /** The stream ended: bytes without a newline (a final {@code \r} included) become a {@code P} record. */
    public void finish() throws IOException {
        releaseHeldCarriageReturn();
        if (pendingLength > 0) {
            sink.record(true, pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    /** A held {@code \r} turned out not to precede a newline: it is content. */
    private void releaseHeldCarriageReturn() throws IOException {
        if (heldCarriageReturn) {
            heldCarriageReturn = false;
            append(CARRIAGE_RETURN, 0, 1);
        }
    }

    private static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
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
