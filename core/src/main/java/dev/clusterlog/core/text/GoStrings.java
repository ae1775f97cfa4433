package dev.clusterlog.core.text;

import dev.clusterlog.core.io.ByteWriter;
import java.nio.charset.StandardCharsets;

/**
 * Go's interpreted string literals, both ways. Stateless and thread-safe.
 * <ul>
 *   <li>{@link #quote}: Go's {@code %q} / {@code strconv.Quote} rendering of bytes, used where our
 *   messages must match kubelet's and kubectl's texts: printable UTF-8 kept, {@code \n \t \r \" \\}
 *   escaped, other control bytes and invalid UTF-8 as {@code \xNN}, other non-printables (by Go's
 *   {@code unicode.IsPrint}) as {@code \\uNNNN} or {@code \\UNNNNNNNN}.</li>
 *   <li>{@link #unquote} and {@link #unescape}: {@code strconv.Unquote} of a double-quoted literal
 *   (klog's quoted values, LogQL strings, Go templates): {@code \a \b \f \n \r \t \v \\ \"},
 *   {@code \xNN} (a raw byte, possibly not UTF-8), {@code \NNN} octal up to {@code \377},
 *   {@code \\uNNNN} and {@code \\UNNNNNNNN} (a code point, written as UTF-8; surrogates refused).
 *   Anything else after a backslash, {@code \'} included, is a {@link SyntaxException}.</li>
 * </ul>
 */
public final class GoStrings {
    private GoStrings() {
    }

    public static String quote(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return quote(b, 0, b.length);
    }

    public static String quote(byte[] buf, int off, int len) {
        StringBuilder sb = new StringBuilder(len + 2).append('"');
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = buf[i] & 0xff;
            if (b < 0x80) {
                switch (b) {
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    case '\r' -> sb.append("\\r");
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case 0x07 -> sb.append("\\a");
                    case 0x08 -> sb.append("\\b");
                    case 0x0c -> sb.append("\\f");
                    case 0x0b -> sb.append("\\v");
                    default -> {
                        if (b < 0x20 || b == 0x7f) {
                            sb.append(String.format("\\x%02x", b));
                        } else {
                            sb.append((char) b);
                        }
                    }
                }
                i++;
                continue;
            }
            int n = b >= 0xf8 ? 0 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0; // 0xf8-0xff never lead
            int cp = n == 4 ? b & 0x07 : n == 3 ? b & 0x0f : b & 0x1f;
            boolean valid = n > 0 && i + n <= end;
            for (int k = 1; valid && k < n; k++) {
                int c = buf[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    valid = false;
                } else {
                    cp = (cp << 6) | (c & 0x3f);
                }
            }
            if (valid && (cp < (n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000) || cp > 0x10ffff
                    || (cp >= 0xd800 && cp <= 0xdfff))) {
                valid = false;
            }
            if (!valid) {
                sb.append(String.format("\\x%02x", b));
                i++;
                continue;
            }
            if (!isGoPrintable(cp)) {
                sb.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
            i += n;
        }
        return sb.append('"').toString();
    }

    /**
     * Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII
     * space. Other spaces (U+00A0), format characters (U+00AD, U+FEFF), private use and
     * unassigned code points are escaped.
     */
    private static boolean isGoPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** A bad escape or an unterminated literal; {@link #offset()} is the index of the offending byte. */
    public static final class SyntaxException extends IllegalArgumentException {
        private final int offset;

        SyntaxException(int offset, String message) {
            super(message);
            this.offset = offset;
        }

        /** Index into the decoded buffer (or string) where the problem is. */
        public int offset() {
            return offset;
        }
    }

    /**
     * Decodes the literal whose opening quote is at {@code buf[start]}, appending its value to
     * {@code out}; the literal must close on the same line, before {@code end}.
     *
     * @return the index just past the closing quote
     * @throws SyntaxException at a bad escape, a newline or the end before the closing quote
     */
    public static int unquote(byte[] buf, int start, int end, ByteWriter out) {
        if (start >= end || buf[start] != '"') {
            throw new SyntaxException(start, "expected '\"' to open a Go-quoted string");
        }
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
                out.writeByte(b);
                p++;
                continue;
            }
            p = escape(buf, p, end, out);
        }
        throw new SyntaxException(start, "expected a Go-quoted string closed by '\"' on the same line");
    }

    /** Decodes the escapes of a literal's body {@code buf[from, to)} (no quotes) into {@code out}. */
    public static void unescape(byte[] buf, int from, int to, ByteWriter out) {
        int p = from;
        while (p < to) {
            int b = buf[p] & 0xff;
            if (b != '\\') {
                out.writeByte(b);
                p++;
                continue;
            }
            p = escape(buf, p, to, out);
        }
    }

    /**
     * The value of the body of a double-quoted literal (without the quotes); a body without a
     * backslash is returned as it is. Offsets in a {@link SyntaxException} are UTF-8 byte offsets.
     */
    public static String unescape(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ByteWriter out = new ByteWriter(b.length);
        unescape(b, 0, b.length, out);
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }

    /** Decodes the escape whose backslash is at {@code buf[at]}; returns the index after it. */
    private static int escape(byte[] buf, int at, int end, ByteWriter out) {
        if (at + 1 >= end) {
            throw new SyntaxException(at, "expected an escape after '\\', found the end");
        }
        int e = buf[at + 1];
        switch (e) {
            case 'a' -> out.writeByte(7);
            case 'b' -> out.writeByte(8);
            case 'f' -> out.writeByte(12);
            case 'n' -> out.writeByte('\n');
            case 'r' -> out.writeByte('\r');
            case 't' -> out.writeByte('\t');
            case 'v' -> out.writeByte(11);
            case '\\', '"' -> out.writeByte(e);
            case 'x' -> {
                out.writeByte(hex(buf, at + 2, 2, end));
                return at + 4;
            }
            case 'u', 'U' -> {
                int n = e == 'u' ? 4 : 8;
                int cp = hex(buf, at + 2, n, end);
                if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                    throw new SyntaxException(at, "expected a Unicode code point, found "
                            + quote(buf, at, Math.min(2 + n, end - at)));
                }
                writeUtf8(cp, out);
                return at + 2 + n;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    out.writeByte(octal(buf, at + 1, end));
                    return at + 4;
                }
                throw new SyntaxException(at, "unknown escape " + (e >= 0x21 && e < 0x7f ? "\\" + (char) e
                        : quote(buf, at, Math.min(2, end - at))) + ": expected \\n \\t \\\" \\\\ \\xNN \\NNN or \\uNNNN");
            }
        }
        return at + 2;
    }

    private static int hex(byte[] buf, int from, int n, int end) {
        if (from + n > end) {
            throw new SyntaxException(from, "expected " + n + " hex digits");
        }
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = Character.digit(buf[i], 16);
            if (d < 0) {
                throw new SyntaxException(i, "expected " + n + " hex digits");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static int octal(byte[] buf, int from, int end) {
        if (from + 3 > end) {
            throw new SyntaxException(from, "expected 3 octal digits");
        }
        int v = 0;
        for (int i = from; i < from + 3; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 7) {
                throw new SyntaxException(i, "expected 3 octal digits");
            }
            v = v * 8 + d;
        }
        if (v > 255) {
            throw new SyntaxException(from, "expected an octal escape up to \\377");
        }
        return v;
    }

    private static void writeUtf8(int cp, ByteWriter out) {
        if (cp < 0x80) {
            out.writeByte(cp);
        } else if (cp < 0x800) {
            out.writeByte(0xc0 | (cp >> 6));
            out.writeByte(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out.writeByte(0xe0 | (cp >> 12));
            out.writeByte(0x80 | ((cp >> 6) & 0x3f));
            out.writeByte(0x80 | (cp & 0x3f));
        } else {
            out.writeByte(0xf0 | (cp >> 18));
            out.writeByte(0x80 | ((cp >> 12) & 0x3f));
            out.writeByte(0x80 | ((cp >> 6) & 0x3f));
            out.writeByte(0x80 | (cp & 0x3f));
        }
    }
}
