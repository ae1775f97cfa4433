package dev.clusterlog.agent.output;

import java.nio.charset.StandardCharsets;

/**
 * JSON string writing straight from UTF-8 bytes: runs of plain bytes are copied whole, only
 * {@code "}, {@code \} and control characters are escaped. A line holding invalid UTF-8 goes
 * through a String once, which replaces malformed sequences with U+FFFD, so the body stays JSON.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonBytes() {
    }

    static void string(ByteSink out, byte[] b, int off, int len) {
        if (!validUtf8(b, off, len)) {
            string(out, new String(b, off, len, StandardCharsets.UTF_8));
            return;
        }
        out.ensure(len + 2);
        out.buf[out.len++] = '"';
        int run = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.write(b, run, i - run);
            escape(out, c);
            run = i + 1;
        }
        out.write(b, run, end - run);
        out.write('"');
    }

    static void string(ByteSink out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        string(out, b, 0, b.length);
    }

    private static void escape(ByteSink out, int c) {
        switch (c) {
            case '"' -> out.ascii("\\\"");
            case '\\' -> out.ascii("\\\\");
            case '\n' -> out.ascii("\\n");
            case '\t' -> out.ascii("\\t");
            case '\r' -> out.ascii("\\r");
            default -> {
                out.ascii("\\u00");
                out.write(HEX[c >> 4]);
                out.write(HEX[c & 15]);
            }
        }
    }

    /** A byte scan: ASCII fast path, then the UTF-8 sequence rules (no overlongs, no surrogates). */
    static boolean validUtf8(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            int n;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + n >= end) {
                return false;
            }
            int cp = c & (0x3f >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }
}
