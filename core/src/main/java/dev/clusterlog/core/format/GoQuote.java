package dev.clusterlog.core.format;

/**
 * Go's {@code %q} / {@code strconv.Quote} rendering of bytes, used where our messages must match
 * kubelet's and kubectl's texts: printable UTF-8 kept, {@code \n \t \r \" \\} escaped, other
 * control bytes and invalid UTF-8 as {@code \xNN}, other non-printables (by Go's
 * {@code unicode.IsPrint}) as {@code \\uNNNN} or {@code \\UNNNNNNNN}. Stateless and thread-safe.
 */
public final class GoQuote {
    private GoQuote() {
    }

    public static String quote(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
            int n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
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
}
