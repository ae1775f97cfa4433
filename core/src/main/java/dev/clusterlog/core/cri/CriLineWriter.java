package dev.clusterlog.core.cri;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.time.Rfc3339;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes CRI log records {@code <RFC3339Nano time> <stream> <P|F> <content>\n}, as containerd
 * does. Each record goes to the output in a single {@code write} call, so a file that is renamed
 * between two records (kubelet's rotation) never holds a torn record.
 *
 * <p>Content is written as given: it must not contain {@code \n} (the splitter guarantees that).
 * Not thread-safe: callers that share one file between stdout and stderr synchronise around
 * {@link #write}.
 */
public final class CriLineWriter {
    private static final byte[] PARTIAL = {' ', 'P', ' '};
    private static final byte[] FULL = {' ', 'F', ' '};

    private OutputStream out;
    private byte[] record = new byte[256];

    public CriLineWriter(OutputStream out) {
        this.out = out;
    }

    /** Points the writer at a new file (after rotation); the caller closes the old one. */
    public void setOutput(OutputStream out) {
        this.out = out;
    }

    public void write(long epochNanos, int offsetSeconds, LogStream stream, boolean partial,
            byte[] content, int off, int len) throws IOException {
        // encode first: it may replace the buffer, and the argument list would read the old one
        int n = encode(epochNanos, offsetSeconds, stream, partial, content, off, len);
        out.write(record, 0, n);
    }

    /** Encodes the record into the writer's buffer and returns its length (without writing it). */
    int encode(long epochNanos, int offsetSeconds, LogStream stream, boolean partial,
            byte[] content, int off, int len) {
        int need = Rfc3339.MAX_FORMATTED_LENGTH + 1 + 6 + 3 + len + 1;
        if (record.length < need) {
            record = new byte[Math.max(need, record.length * 2)];
        }
        int p = Rfc3339.formatNano(epochNanos, offsetSeconds, record, 0);
        record[p++] = ' ';
        byte[] s = stream.wireBytes();
        System.arraycopy(s, 0, record, p, s.length);
        p += s.length;
        byte[] tag = partial ? PARTIAL : FULL;
        System.arraycopy(tag, 0, record, p, 3);
        p += 3;
        System.arraycopy(content, off, record, p, len);
        p += len;
        record[p++] = '\n';
        return p;
    }

    /** The encoded bytes of one record (tests and tools). */
    public static byte[] encodeRecord(long epochNanos, int offsetSeconds, LogStream stream, boolean partial,
            byte[] content) {
        CriLineWriter w = new CriLineWriter(OutputStream.nullOutputStream());
        int n = w.encode(epochNanos, offsetSeconds, stream, partial, content, 0, content.length);
        return java.util.Arrays.copyOf(w.record, n);
    }
}
