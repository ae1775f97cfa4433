package dev.clusterlog.logql.log;

import dev.clusterlog.logql.syntax.Stage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import dev.clusterlog.core.text.GoStrings;

/**
 * {@code | logfmt [--strict] [--keep-empty] [extractions]} on bytes: {@code key=value},
 * {@code key="quoted \"value\""}, standalone {@code key}. Without {@code --strict}, malformed pairs
 * are skipped; with it, the first one stops the scan with {@code __error__=LogfmtParserErr}.
 * Standalone keys are kept (empty) only with {@code --keep-empty}.
 */
final class LogfmtStep implements Step {
    private final boolean strict;
    private final boolean keepEmpty;
    /** key in the line to label name; null extracts every key. */
    private final Map<String, String> wanted;
    private final Set<String> seen = new HashSet<>();

    LogfmtStep(Stage.Logfmt logfmt) {
        this.strict = logfmt.strict();
        this.keepEmpty = logfmt.keepEmpty();
        if (logfmt.extractions().isEmpty()) {
            wanted = null;
        } else {
            wanted = new HashMap<>();
            for (Stage.Extraction x : logfmt.extractions()) {
                wanted.put(x.expression() == null ? x.label() : x.expression(), x.label());
            }
        }
    }

    @Override
    public boolean apply(LogEntry e) {
        if (e.hasError()) {
            return true;
        }
        seen.clear();
        byte[] b = e.buf;
        int end = e.off + e.len;
        int i = e.off;
        while (i < end) {
            while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
                i++;
            }
            if (i >= end) {
                break;
            }
            int keyStart = i;
            while (i < end && b[i] > ' ' && b[i] != '=' && b[i] != '"') {
                i++;
            }
            if (i == keyStart) {
                if (strict) {
                    e.setError("LogfmtParserErr", "logfmt syntax error at pos " + (i - e.off + 1) + " : unexpected '"
                            + (char) b[i] + "'");
                    return true;
                }
                i = skipToSpace(b, i, end);
                continue;
            }
            String key = new String(b, keyStart, i - keyStart, StandardCharsets.UTF_8);
            String value;
            if (i < end && b[i] == '=') {
                i++;
                if (i < end && b[i] == '"') {
                    int close = i + 1;
                    boolean escaped = false;
                    while (close < end && b[close] != '"') {
                        if (b[close] == '\\') {
                            escaped = true;
                            close++;
                        }
                        close++;
                    }
                    if (close >= end) {
                        if (strict) {
                            e.setError("LogfmtParserErr", "logfmt syntax error at pos " + (end - e.off + 1)
                                    + " : unterminated quoted value");
                            return true;
                        }
                        break;
                    }
                    String raw = new String(b, i + 1, close - i - 1, StandardCharsets.UTF_8);
                    if (escaped) {
                        try {
                            raw = GoStrings.unescape(raw);
                        } catch (IllegalArgumentException ex) {
                            if (strict) {
                                e.setError("LogfmtParserErr", "logfmt syntax error at pos " + (i - e.off + 1)
                                        + " : invalid quoted value");
                                return true;
                            }
                        }
                    }
                    value = raw;
                    i = close + 1;
                } else {
                    int vs = i;
                    while (i < end && b[i] > ' ') {
                        if (b[i] == '"' || b[i] == '=') {
                            if (strict) {
                                e.setError("LogfmtParserErr", "logfmt syntax error at pos " + (i - e.off + 1)
                                        + " : unexpected '" + (char) b[i] + "'");
                                return true;
                            }
                        }
                        i++;
                    }
                    value = new String(b, vs, i - vs, StandardCharsets.UTF_8);
                }
            } else if (i < end && b[i] == '"') {
                if (strict) {
                    e.setError("LogfmtParserErr", "logfmt syntax error at pos " + (i - e.off + 1) + " : unexpected '\"'");
                    return true;
                }
                i = skipToSpace(b, i, end);
                continue;
            } else {
                value = "";
            }
            if (value.isEmpty() && !keepEmpty) {
                continue;
            }
            if (wanted == null) {
                e.addParsed(key, value, seen);
            } else {
                String label = wanted.get(key);
                if (label != null) {
                    e.addParsed(label, value, seen);
                }
            }
        }
        return true;
    }

    private static int skipToSpace(byte[] b, int i, int end) {
        while (i < end && b[i] != ' ') {
            i++;
        }
        return i;
    }
}
