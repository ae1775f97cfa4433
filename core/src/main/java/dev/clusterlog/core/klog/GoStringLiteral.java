package dev.clusterlog.core.klog;

import dev.clusterlog.core.format.LogFormatException;

/**
 * Decodes a Go interpreted string literal as {@code strconv.Quote} writes it (the reverse of
 * {@link dev.clusterlog.core.format.GoQuote}): {@code \a \b \f \n \r \t \v \\ \"}, {@code \xNN}
 * (a raw byte, possibly not UTF-8), {@code \NNN} octal, {@code \\uNNNN} and
 * {@code \\UNNNNNNNN} (written as UTF-8). Other bytes are copied as they are. Stateless.
 */
final class GoStringLiteral {
    private GoStringLiteral() {
    }

    /**
     * Decodes the literal whose opening quote is at {@code start}, appending the text to
     * {@code out}.
     *
     * @return the index just past the closing quote
     * @throws LogFormatException naming the byte index (relative to {@code base}) of a bad escape
     *     or of the missing closing quote
     */
    static int decode(byte[] buf, int start, int end, int base, KlogStructuredMessage out) throws LogFormatException {
        int p = start + 1;
        while (p < end) {
            int b = buf[p] & 0xff;
            if (b == '"') {
                return p + 1;
            }
            if (b == '\n') {
                break;
            }
            if (b != '\\') {
                out.append((byte) b);
                p++;
                continue;
            }
            if (p + 1 >= end) {
                break;
            }
            int e = buf[p + 1];
            switch (e) {
                case 'a' -> out.append((byte) 7);
                case 'b' -> out.append((byte) 8);
                case 'f' -> out.append((byte) 12);
                case 'n' -> out.append((byte) '\n');
                case 'r' -> out.append((byte) '\r');
                case 't' -> out.append((byte) '\t');
                case 'v' -> out.append((byte) 11);
                case '\\', '"', '\'' -> out.append((byte) e);
                case 'x' -> out.append((byte) hex(buf, p + 2, 2, end, base));
                case 'u' -> appendUtf8(hex(buf, p + 2, 4, end, base), buf, p, base, out);
                case 'U' -> appendUtf8(hex(buf, p + 2, 8, end, base), buf, p, base, out);
                default -> {
                    if (e >= '0' && e <= '7') {
                        out.append((byte) octal(buf, p + 1, end, base));
                        p += 4;
                        continue;
                    }
                    throw new LogFormatException("byte " + (p - base) + ": expected an escape \\n \\t \\\" \\\\ \\xNN \\uNNNN, found "
                            + dev.clusterlog.core.format.GoQuote.quote(buf, p, 2));
                }
            }
            p += switch (e) {
                case 'x' -> 4;
                case 'u' -> 6;
                case 'U' -> 10;
                default -> 2;
            };
        }
        throw new LogFormatException("byte " + (start - base) + ": expected a Go-quoted string closed by '\"' on the same line");
    }

    private static int hex(byte[] buf, int from, int n, int end, int base) throws LogFormatException {
        if (from + n > end) {
            throw new LogFormatException("byte " + (from - base) + ": expected " + n + " hex digits");
        }
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = Character.digit(buf[i], 16);
            if (d < 0) {
                throw new LogFormatException("byte " + (i - base) + ": expected " + n + " hex digits");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static int octal(byte[] buf, int from, int end, int base) throws LogFormatException {
        if (from + 3 > end) {
            throw new LogFormatException("byte " + (from - base) + ": expected 3 octal digits");
        }
        int v = 0;
        for (int i = from; i < from + 3; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 7) {
                throw new LogFormatException("byte " + (i - base) + ": expected 3 octal digits");
            }
            v = v * 8 + d;
        }
        if (v > 255) {
            throw new LogFormatException("byte " + (from - base) + ": expected an octal escape up to \\377");
        }
        return v;
    }

    private static void appendUtf8(int cp, byte[] buf, int at, int base, KlogStructuredMessage out) throws LogFormatException {
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw new LogFormatException("byte " + (at - base) + ": expected a Unicode code point, found "
                    + dev.clusterlog.core.format.GoQuote.quote(buf, at, Math.min(10, buf.length - at)));
        }
        if (cp < 0x80) {
            out.append((byte) cp);
        } else if (cp < 0x800) {
            out.append((byte) (0xc0 | (cp >> 6)));
            out.append((byte) (0x80 | (cp & 0x3f)));
        } else if (cp < 0x10000) {
            out.append((byte) (0xe0 | (cp >> 12)));
            out.append((byte) (0x80 | ((cp >> 6) & 0x3f)));
            out.append((byte) (0x80 | (cp & 0x3f)));
        } else {
            out.append((byte) (0xf0 | (cp >> 18)));
            out.append((byte) (0x80 | ((cp >> 12) & 0x3f)));
            out.append((byte) (0x80 | ((cp >> 6) & 0x3f)));
            out.append((byte) (0x80 | (cp & 0x3f)));
        }
    }
}
