package dev.clusterlog.agent.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** JSON string writing straight from UTF-8 bytes; invalid UTF-8 is replaced by U+FFFD. */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonBytes() {
    }

    static void string(ByteArrayOutputStream out, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                // non-ASCII: go through a String once, which replaces malformed sequences
                string(out, new String(b, off, len, StandardCharsets.UTF_8));
                return;
            }
        }
        out.write('"');
        for (int i = off; i < off + len; i++) {
            escape(out, b[i]);
        }
        out.write('"');
    }

    static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('"');
        for (byte c : b) {
            escape(out, c);
        }
        out.write('"');
    }

    private static void escape(ByteArrayOutputStream out, byte c) {
        switch (c) {
            case '"' -> {
                out.write('\\');
                out.write('"');
            }
            case '\\' -> {
                out.write('\\');
                out.write('\\');
            }
            case '\n' -> {
                out.write('\\');
                out.write('n');
            }
            case '\t' -> {
                out.write('\\');
                out.write('t');
            }
            case '\r' -> {
                out.write('\\');
                out.write('r');
            }
            default -> {
                if (c >= 0 && c < 0x20) {
                    out.write('\\');
                    out.write('u');
                    out.write('0');
                    out.write('0');
                    out.write(HEX[c >> 4]);
                    out.write(HEX[c & 15]);
                } else {
                    out.write(c);
                }
            }
        }
    }

    static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
