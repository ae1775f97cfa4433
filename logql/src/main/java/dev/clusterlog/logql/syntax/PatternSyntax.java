package dev.clusterlog.logql.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Loki's pattern expressions: literals and captures {@code <name>} ({@code <_>} captures nothing).
 * Two captures may not follow each other; the pattern parser needs at least one named capture.
 */
public final class PatternSyntax {
    private PatternSyntax() {
    }

    /** A part of a pattern: a literal (name null) or a capture (name, {@code "_"} for skip). */
    public record Part(String literal, String name) {
        public boolean capture() {
            return name != null;
        }
    }

    public static List<Part> parse(String pattern, boolean requireNamedCapture) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '<') {
                int close = pattern.indexOf('>', i);
                String name = close < 0 ? null : pattern.substring(i + 1, close);
                if (name != null && name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    if (!lit.isEmpty()) {
                        parts.add(new Part(lit.toString(), null));
                        lit.setLength(0);
                    }
                    if (!parts.isEmpty() && parts.get(parts.size() - 1).capture()) {
                        throw new IllegalArgumentException("consecutive capture: " + pattern);
                    }
                    parts.add(new Part(null, name));
                    i = close + 1;
                    continue;
                }
            }
            lit.append(c);
            i++;
        }
        if (!lit.isEmpty()) {
            parts.add(new Part(lit.toString(), null));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("syntax error: empty pattern");
        }
        if (requireNamedCapture && parts.stream().noneMatch(p -> p.capture() && !p.name().equals("_"))) {
            throw new IllegalArgumentException("at least one capture is required: " + pattern);
        }
        List<String> seen = new ArrayList<>();
        for (Part p : parts) {
            if (p.capture() && !p.name().equals("_")) {
                if (seen.contains(p.name())) {
                    throw new IllegalArgumentException("duplicate capture name (" + p.name() + "): " + pattern);
                }
                seen.add(p.name());
            }
        }
        return parts;
    }
}
