package dev.clusterlog.core.format;

import dev.clusterlog.core.entry.LogStream;

/**
 * One parsed physical line of a container log file. Mutable and reused by readers, so that
 * reading a file allocates per batch, not per line.
 *
 * <p>Content follows kubelet: for a CRI {@code F} record it keeps the line's trailing
 * {@code \n} (when the file line had one), for a CRI {@code P} record the {@code \n} is removed;
 * for Docker json-file it is the {@code log} field verbatim. The content bytes belong to
 * whoever filled the record (the read buffer or a parser's scratch buffer) and are valid only
 * until the next line is read.
 */
public final class LogRecord {
    public LogFormat format;
    public long epochNanos;
    /** The zone offset the timestamp was written with, kept for kubelet's output format. */
    public int offsetSeconds;
    public LogStream stream;
    /** CRI tag {@code P}, or a Docker record whose {@code log} has no trailing newline. */
    public boolean partial;
    public byte[] buf;
    public int contentOffset;
    public int contentLength;

    /** The content as a new array (tests and slow paths only). */
    public byte[] content() {
        byte[] c = new byte[contentLength];
        System.arraycopy(buf, contentOffset, c, 0, contentLength);
        return c;
    }

    /** True when the content ends with a newline, that is, it ends a logical line. */
    public boolean endsLine() {
        return contentLength > 0 && buf[contentOffset + contentLength - 1] == '\n';
    }
}
