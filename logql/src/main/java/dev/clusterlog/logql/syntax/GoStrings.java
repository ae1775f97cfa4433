package dev.clusterlog.logql.syntax;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go string literal unquoting ({@code strconv.Unquote}) for double-quoted LogQL strings. */
public final class GoStrings {
    private GoStrings() {
    }

    /**
     * The value of the body of a double-quoted string (without the quotes), or throws
     * {@link IllegalArgumentException} naming the bad escape.
     */
    public static String unescape(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\') {
                int cp = body.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("invalid syntax: trailing backslash");
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case '\'' -> out.write('\'');
                case 'x' -> {
                    out.write(hex(body, i, 2));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int len = e == 'u' ? 4 : 8;
                    int cp = hex(body, i, len);
                    if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                        throw new IllegalArgumentException("invalid syntax: bad code point \\" + e + body.substring(i, i + len));
                    }
                    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    out.write(b, 0, b.length);
                    i += len;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        throw new IllegalArgumentException("invalid syntax: short octal escape");
                    }
                    int v = Integer.parseInt(body.substring(i - 1, i + 2), 8);
                    if (v > 255) {
                        throw new IllegalArgumentException("invalid syntax: octal escape above \\377");
                    }
                    out.write(v);
                    i += 2;
                }
                default -> throw new IllegalArgumentException("invalid syntax: unknown escape \\" + e);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(String s, int at, int len) {
        if (at + len > s.length()) {
            throw new IllegalArgumentException("invalid syntax: short hex escape");
        }
        try {
            return Integer.parseUnsignedInt(s.substring(at, at + len), 16);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("invalid syntax: bad hex escape " + s.substring(at, at + len));
        }
    }
}
