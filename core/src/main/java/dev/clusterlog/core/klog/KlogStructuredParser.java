package dev.clusterlog.core.klog;

import dev.clusterlog.core.text.GoStrings;
import dev.clusterlog.core.format.LogFormatException;

/**
 * Parses the message of a klog/v2 structured line ({@code InfoS}, {@code ErrorS}, logr through
 * klog's text logger) into its text and ordered key/value pairs, as written by kubernetes/klog
 * {@code internal/serialize/keyvalues.go}:
 *
 * <pre>
 * message := go-quoted ( SP pair )*
 * pair    := key "=" value
 * key     := bytes up to the first "=" outside brackets: keys that are not strings are written
 *            with %s, like %!s(int=1) or map[a:%!s(bool=true)], so "=" and spaces inside (), [], {}
 *            belong to the key
 * value   := go-quoted                               strings, errors, Stringers: strconv.Quote
 *          | "&lt;" LF ( TAB line LF )* SP "&gt;"      strings with a line break, one TAB-indented line each
 *          | "{" ... "}" | "[" ... "]"                structs, maps, slices as JSON (balanced, string aware)
 *          | token                                     numbers, bools, null: up to the next space
 * </pre>
 *
 * A multi-line value is the lines joined by {@code \n}: klog writes {@code "a\n"} and
 * {@code "a"}-with-a-line-break alike, so a trailing line break of the original value is not
 * recovered. The input is the message after the header's {@code "] "} (see
 * {@link KlogHeaderParser}), continuation lines included; one trailing {@code \n} is ignored.
 *
 * <p>Errors name the byte index within the message and what was expected. Not thread-safe only
 * through the result object: the parser itself is stateless.
 */
public final class KlogStructuredParser {

    public void parse(byte[] buf, int off, int len, KlogStructuredMessage into) throws LogFormatException {
        int end = off + len;
        if (len > 0 && buf[end - 1] == '\n') {
            end--;
        }
        into.clear();
        if (off >= end || buf[off] != '"') {
            throw error(buf, off, end, off, "a Go-quoted message \"...\" (a structured InfoS/ErrorS line)");
        }
        int p = quoted(buf, off, end, off, into);
        into.setMessage(0);
        while (p < end) {
            if (buf[p] != ' ') {
                throw error(buf, off, end, p, "a space before the next key=value pair");
            }
            p = parsePair(buf, off, end, p + 1, into);
        }
    }

    private static int parsePair(byte[] buf, int off, int end, int keyStart, KlogStructuredMessage into)
            throws LogFormatException {
        int p = keyStart;
        int depth = 0;
        while (p < end && (depth > 0 || buf[p] != '=')) {
            byte b = buf[p];
            if (b == '\n' || (depth == 0 && b == ' ')) {
                break;
            }
            if (b == '(' || b == '[' || b == '{') {
                depth++;
            } else if ((b == ')' || b == ']' || b == '}') && depth > 0) {
                depth--;
            }
            p++;
        }
        if (p == keyStart || p >= end || buf[p] != '=') {
            throw error(buf, off, end, p, p == keyStart ? "a key" : "'=' after the key");
        }
        int keyOffset = into.mark();
        into.append(buf, keyStart, p - keyStart);
        int valueOffset = into.mark();
        int v = p + 1;
        if (v >= end) {
            throw error(buf, off, end, v, "a value after '='");
        }
        KlogValueKind kind;
        int next;
        byte first = buf[v];
        if (first == '"') {
            kind = KlogValueKind.QUOTED;
            next = quoted(buf, v, end, off, into);
        } else if (first == '<' && v + 1 < end && buf[v + 1] == '\n') {
            kind = KlogValueKind.MULTI_LINE;
            next = parseMultiLine(buf, off, end, v + 2, into);
        } else if (first == '{' || first == '[') {
            kind = KlogValueKind.JSON;
            next = skipJson(buf, off, end, v);
            into.append(buf, v, next - v);
        } else {
            kind = KlogValueKind.BARE;
            next = v;
            while (next < end && buf[next] != ' ' && buf[next] != '\n') {
                next++;
            }
            if (next == v) {
                throw error(buf, off, end, v, "a value after '='");
            }
            into.append(buf, v, next - v);
        }
        into.addPair(keyOffset, valueOffset - keyOffset, valueOffset, kind);
        return next;
    }

    /** TAB-indented lines up to the {@code " >"} end marker; returns the index after the marker. */
    private static int parseMultiLine(byte[] buf, int off, int end, int p, KlogStructuredMessage into)
            throws LogFormatException {
        int valueStart = into.mark();
        while (true) {
            if (p + 1 < end && buf[p] == ' ' && buf[p + 1] == '>') {
                if (into.mark() > valueStart) {
                    into.dropLastByte();
                }
                return p + 2;
            }
            if (p >= end || buf[p] != '\t') {
                throw error(buf, off, end, p, "a TAB-indented value line or the end marker \" >\"");
            }
            int lineEnd = p + 1;
            while (lineEnd < end && buf[lineEnd] != '\n') {
                lineEnd++;
            }
            if (lineEnd >= end) {
                throw error(buf, off, end, lineEnd, "a line break and the end marker \" >\" of the multi-line value");
            }
            into.append(buf, p + 1, lineEnd + 1 - (p + 1));
            p = lineEnd + 1;
        }
    }

    /** Skips a JSON object or array starting at {@code p}; returns the index after it. */
    private static int skipJson(byte[] buf, int off, int end, int p) throws LogFormatException {
        int depth = 0;
        boolean inString = false;
        for (int i = p; i < end; i++) {
            byte b = buf[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (b == '\n') {
                break;
            }
        }
        throw error(buf, off, end, p, "a JSON value closed on the same line");
    }

    private static LogFormatException error(byte[] buf, int off, int end, int at, String expected) {
        int shown = Math.min(end - at, 16);
        String found = shown <= 0 ? "end of message" : GoStrings.quote(buf, at, shown);
        return new LogFormatException("not a klog structured message: byte " + (at - off) + ": expected " + expected
                + ", found " + found);
    }

    /** A Go-quoted value decoded into the message's text; errors name the byte relative to the line. */
    private static int quoted(byte[] buf, int start, int end, int base, KlogStructuredMessage into) throws LogFormatException {
        try {
            return GoStrings.unquote(buf, start, end, into.text());
        } catch (GoStrings.SyntaxException e) {
            throw new LogFormatException("byte " + (e.offset() - base) + ": " + e.getMessage());
        }
    }
}
