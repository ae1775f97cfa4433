package dev.clusterlog.core.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * Frames an input stream into physical lines on {@code \n}, on bytes, keeping the line number
 * and byte offset of each line for error messages.
 *
 * <p>Each line is exposed in place ({@link #buffer()}, {@link #lineStart()},
 * {@link #lineLength()}, including its {@code \n} when it has one) and is valid until the next
 * call to {@link #next()}. The buffer grows to hold the longest line. A last line without a
 * newline is returned too ({@link #endsWithNewline()} false), as kubelet emits an incomplete
 * last line; a follower that wants to re-read it later uses {@link #lineOffset()} to seek back.
 * Not thread-safe.
 */
public final class LogLineReader {
    private final InputStream in;
    private byte[] buf;
    private int start;
    private int limit;
    private boolean eof;
    private int lineStart;
    private int lineLength;
    private long lineNumber;
    private long lineOffset;
    private long nextOffset;
    private int scanFrom;

    public LogLineReader(InputStream in) {
        this(in, 64 * 1024, 0);
    }

    /**
     * @param startOffset the byte offset in the file at which {@code in} is positioned, so that
     *     reported offsets are file offsets
     */
    public LogLineReader(InputStream in, int bufferSize, long startOffset) {
        this.in = in;
        this.buf = new byte[bufferSize];
        this.nextOffset = startOffset;
    }

    /** Advances to the next line; false at end of input. */
    public boolean next() throws IOException {
        // drop the previous line
        start += lineLength;
        lineLength = 0;
        while (true) {
            for (int i = Math.max(start, scanFrom); i < limit; i++) {
                if (buf[i] == '\n') {
                    return found(i + 1 - start);
                }
            }
            scanFrom = limit;
            if (eof) {
                return limit > start && found(limit - start);
            }
            fill();
        }
    }

    private boolean found(int length) {
        lineStart = start;
        lineLength = length;
        lineOffset = nextOffset;
        nextOffset += length;
        lineNumber++;
        scanFrom = start + length;
        return true;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, limit - start);
            limit -= start;
            scanFrom -= start;
            start = 0;
        }
        if (limit == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    public byte[] buffer() {
        return buf;
    }

    public int lineStart() {
        return lineStart;
    }

    /** Length of the current line including its {@code \n}, when it has one. */
    public int lineLength() {
        return lineLength;
    }

    public boolean endsWithNewline() {
        return lineLength > 0 && buf[lineStart + lineLength - 1] == '\n';
    }

    /** 1-based number of the current line in this reader (counted from its start offset). */
    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset of the current line's first byte in the file. */
    public long lineOffset() {
        return lineOffset;
    }

    /** Byte offset just past the current line. */
    public long nextOffset() {
        return nextOffset;
    }
}
