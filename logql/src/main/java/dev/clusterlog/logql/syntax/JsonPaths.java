package dev.clusterlog.logql.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON expressions of the json parser: {@code a.b}, {@code a[0]}, {@code a["key with.dot"]},
 * {@code .a}. A path is a list of keys (String) and indexes (Integer).
 */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static List<Object> parse(String expr) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        StringBuilder key = new StringBuilder();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '.') {
                if (!key.isEmpty()) {
                    out.add(key.toString());
                    key.setLength(0);
                }
                i++;
            } else if (c == '[') {
                if (!key.isEmpty()) {
                    out.add(key.toString());
                    key.setLength(0);
                }
                int close = expr.indexOf(']', i);
                if (i + 1 < n && expr.charAt(i + 1) == '"') {
                    int endQuote = expr.indexOf('"', i + 2);
                    if (endQuote < 0 || endQuote + 1 >= n || expr.charAt(endQuote + 1) != ']') {
                        throw new IllegalArgumentException("invalid json expression: " + expr);
                    }
                    out.add(expr.substring(i + 2, endQuote));
                    i = endQuote + 2;
                } else {
                    if (close < 0) {
                        throw new IllegalArgumentException("invalid json expression: " + expr);
                    }
                    try {
                        out.add(Integer.parseInt(expr.substring(i + 1, close).trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("invalid json expression: " + expr);
                    }
                    i = close + 1;
                }
            } else {
                key.append(c);
                i++;
            }
        }
        if (!key.isEmpty()) {
            out.add(key.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("invalid json expression: empty");
        }
        return out;
    }
}
