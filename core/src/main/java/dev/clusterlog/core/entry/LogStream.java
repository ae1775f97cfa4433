package dev.clusterlog.core.entry;

import java.nio.charset.StandardCharsets;

/** The output stream of a container a log record came from (CRI {@code LogStreamType}). */
public enum LogStream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String wireName;
    private final byte[] wireBytes;

    LogStream(String wireName) {
        this.wireName = wireName;
        this.wireBytes = wireName.getBytes(StandardCharsets.US_ASCII);
    }

    /** The name as written in CRI and Docker json-file lines: {@code stdout} or {@code stderr}. */
    public String wireName() {
        return wireName;
    }

    /** The wire name as ASCII bytes; callers must not modify the array. */
    public byte[] wireBytes() {
        return wireBytes;
    }

    /** Parses a wire name, or returns null when it is neither {@code stdout} nor {@code stderr}. */
    public static LogStream fromWireName(byte[] buf, int off, int len) {
        if (len == 6 && buf[off] == 's' && buf[off + 1] == 't' && buf[off + 2] == 'd') {
            if (buf[off + 3] == 'o' && buf[off + 4] == 'u' && buf[off + 5] == 't') {
                return STDOUT;
            }
            if (buf[off + 3] == 'e' && buf[off + 4] == 'r' && buf[off + 5] == 'r') {
                return STDERR;
            }
        }
        return null;
    }

    public static LogStream fromWireName(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return fromWireName(b, 0, b.length);
    }
}
