package dev.clusterlog.core.podlog;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.time.Rfc3339;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes parsed log records to a client the way kubelet's {@code logWriter} does: skips records
 * older than {@code since}, prefixes the start of each logical line with its timestamp when asked,
 * cuts at the {@code limitBytes} budget (which counts prefixes and both streams together), and
 * routes stdout and stderr records to their writers. A stream that was not requested has no
 * writer: its bytes are neither written nor counted (kubelet since v1.32).
 *
 * <p>Not thread-safe; one writer per read.
 */
public final class PodLogWriter {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final boolean timestamps;
    private final long since;
    private long remaining;
    private final byte[] prefix = new byte[Rfc3339.MAX_FORMATTED_LENGTH + 1];

    /**
     * @param stdout where stdout records go, or null when not requested
     * @param stderr where stderr records go, or null when not requested
     */
    public PodLogWriter(OutputStream stdout, OutputStream stderr, LogOptions options) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.timestamps = options.timestamps();
        this.since = options.sinceEpochNanos();
        this.remaining = options.limitBytes() < 0 ? Long.MAX_VALUE : options.limitBytes();
    }

    /** A writer sending both streams to one output, filtered by {@code options.streams()}. */
    public static PodLogWriter toSingleOutput(OutputStream out, LogOptions options) {
        return new PodLogWriter(
                options.streams() == LogOptions.Streams.STDERR ? null : out,
                options.streams() == LogOptions.Streams.STDOUT ? null : out,
                options);
    }

    /** True once the byte budget is spent: nothing more will be written. */
    public boolean exhausted() {
        return remaining <= 0;
    }

    /**
     * Writes one record.
     *
     * @param startsLine whether the record starts a logical line (the previous record ended with {@code \n})
     * @return false when the byte budget is spent and reading should stop
     */
    public boolean write(LogRecord record, boolean startsLine) throws IOException {
        if (remaining <= 0) {
            return false;
        }
        if (record.epochNanos < since) {
            return true;
        }
        OutputStream out = record.stream == LogStream.STDOUT ? stdout : stderr;
        if (out == null) {
            return true;
        }
        if (timestamps && startsLine) {
            int n = Rfc3339.formatFixed(record.epochNanos, record.offsetSeconds, prefix, 0);
            prefix[n++] = ' ';
            if (!put(out, prefix, 0, n)) {
                return false;
            }
        }
        return put(out, record.buf, record.contentOffset, record.contentLength);
    }

    private boolean put(OutputStream out, byte[] b, int off, int len) throws IOException {
        int n = (int) Math.min(len, remaining);
        out.write(b, off, n);
        remaining -= n;
        return remaining > 0;
    }
}
