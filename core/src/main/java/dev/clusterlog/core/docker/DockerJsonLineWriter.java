package dev.clusterlog.core.docker;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.time.Rfc3339;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes Docker json-file lines {@code {"log":"...","stream":"stdout","time":"..."}\n}, the
 * reader's counterpart {@link DockerJsonLineParser}.
 *
 * <p>The {@code log} value is the content as given: a full line carries its own trailing
 * {@code \n}, a partial piece does not (moby's json-file writer appends the {@code \n} only to
 * the last piece of a message, {@code daemon/logger/jsonfilelog}). The time is Go's RFC3339Nano
 * in UTC, as moby writes it. String escaping follows moby's {@code jsonlog} encoder (derived from
 * Go's {@code encoding/json}): {@code " \\} and control characters escaped ({@code \n \r \t},
 * others as {@code \\u00XX}), {@code < > &} and U+2028/U+2029 escaped as {@code \\uXXXX} (HTML
 * safe), and bytes that are not valid UTF-8 replaced by U+FFFD, so such content does not read
 * back byte for byte.
 *
 * <p>Each record goes to the output in a single {@code write} call. Not thread-safe: the writer
 * reuses one encoding buffer.
 */
public final class DockerJsonLineWriter {
    private static final byte[] LOG_PREFIX = "{\"log\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] STREAM_PREFIX = "\",\"stream\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TIME_PREFIX = "\",\"time\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The longest escape of one input byte: {@code \\ufffd} for an invalid byte. */
    private static final int MAX_ESCAPED_BYTES_PER_INPUT_BYTE = 6;

    private final OutputStream out;
    private byte[] record = new byte[256];

    public DockerJsonLineWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes one record; {@code content} is the {@code log} value, newline included when full. */
    public void write(long epochNanos, LogStream stream, byte[] content, int off, int len) throws IOException {
        // encode first: it may replace the buffer, and the argument list would read the old one
        int n = encode(epochNanos, stream, content, off, len);
        out.write(record, 0, n);
    }

    /** The encoded bytes of one record (tests and tools). */
    public static byte[] encodeRecord(long epochNanos, LogStream stream, byte[] content) {
        DockerJsonLineWriter w = new DockerJsonLineWriter(OutputStream.nullOutputStream());
        int n = w.encode(epochNanos, stream, content, 0, content.length);
        return Arrays.copyOf(w.record, n);
    }

    private int encode(long epochNanos, LogStream stream, byte[] content, int off, int len) {
        int need = LOG_PREFIX.length + len * MAX_ESCAPED_BYTES_PER_INPUT_BYTE + STREAM_PREFIX.length + 6
                + TIME_PREFIX.length + Rfc3339.MAX_FORMATTED_LENGTH + 3;
        if (record.length < need) {
            record = new byte[Math.max(need, record.length * 2)];
        }
        int p = put(LOG_PREFIX, 0);
        p = escape(content, off, off + len, p);
        p = put(STREAM_PREFIX, p);
        p = put(stream.wireBytes(), p);
        p = put(TIME_PREFIX, p);
        p = Rfc3339.formatNano(epochNanos, 0, record, p);
        record[p++] = '"';
        record[p++] = '}';
        record[p++] = '\n';
        return p;
    }

    private int put(byte[] bytes, int p) {
        System.arraycopy(bytes, 0, record, p, bytes.length);
        return p + bytes.length;
    }

    private int escape(byte[] in, int i, int end, int p) {
        byte[] r = record;
        while (i < end) {
            int b = in[i] & 0xff;
            if (b < 0x80) {
                switch (b) {
                    case '"', '\\' -> {
                        r[p++] = '\\';
                        r[p++] = (byte) b;
                    }
                    case '\n' -> p = shortEscape(p, 'n');
                    case '\r' -> p = shortEscape(p, 'r');
                    case '\t' -> p = shortEscape(p, 't');
                    case '<', '>', '&' -> p = unicodeEscape(p, b);
                    default -> {
                        if (b < 0x20) {
                            p = unicodeEscape(p, b);
                        } else {
                            r[p++] = (byte) b;
                        }
                    }
                }
                i++;
                continue;
            }
            int n = validUtf8SequenceLength(in, i, end);
            if (n == 0) {
                p = unicodeEscape(p, 0xfffd);
                i++;
            } else if (n == 3 && b == 0xe2 && (in[i + 1] & 0xff) == 0x80
                    && ((in[i + 2] & 0xff) == 0xa8 || (in[i + 2] & 0xff) == 0xa9)) {
                p = unicodeEscape(p, (in[i + 2] & 0xff) == 0xa8 ? 0x2028 : 0x2029);
                i += 3;
            } else {
                System.arraycopy(in, i, r, p, n);
                p += n;
                i += n;
            }
        }
        return p;
    }

    private int shortEscape(int p, char c) {
        record[p] = '\\';
        record[p + 1] = (byte) c;
        return p + 2;
    }

    private int unicodeEscape(int p, int c) {
        record[p] = '\\';
        record[p + 1] = 'u';
        record[p + 2] = HEX[(c >> 12) & 0xf];
        record[p + 3] = HEX[(c >> 8) & 0xf];
        record[p + 4] = HEX[(c >> 4) & 0xf];
        record[p + 5] = HEX[c & 0xf];
        return p + 6;
    }

    /**
     * The length (2 to 4) of the well-formed UTF-8 sequence at {@code i} (RFC 3629: no overlong
     * forms, no surrogates, at most U+10FFFF), or 0 when the byte there does not start one.
     */
    static int validUtf8SequenceLength(byte[] in, int i, int end) {
        int b = in[i] & 0xff;
        int n;
        int min;
        int cp;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
            min = 0x80;
            cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            min = 0x800;
            cp = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            min = 0x10000;
            cp = b & 0x07;
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            int c = in[i + k] & 0xff;
            if ((c & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return n;
    }
}
