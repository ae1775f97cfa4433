package dev.clusterlog.logql.log;

import dev.clusterlog.logql.syntax.PatternSyntax;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Matches a Loki pattern against a line from its start: each literal is found after the previous
 * one, captures take the text between; a trailing capture takes the rest of the line.
 */
final class PatternMatcher {
    private final List<PatternSyntax.Part> parts;

    PatternMatcher(List<PatternSyntax.Part> parts) {
        this.parts = parts;
    }

    /** True when the line matches; captures go to {@code sink} (name, value) when it is not null. */
    boolean match(String line, BiConsumer<String, String> sink) {
        int pos = 0;
        String pendingCapture = null;
        String[] captured = sink == null ? null : new String[parts.size() * 2];
        int n = 0;
        for (int i = 0; i < parts.size(); i++) {
            PatternSyntax.Part p = parts.get(i);
            if (p.capture()) {
                pendingCapture = p.name();
                continue;
            }
            int at;
            if (pendingCapture == null) {
                if (!line.startsWith(p.literal(), pos)) {
                    return false;
                }
                at = pos;
            } else {
                at = line.indexOf(p.literal(), pos);
                if (at < 0) {
                    return false;
                }
                if (captured != null && !pendingCapture.equals("_")) {
                    captured[n++] = pendingCapture;
                    captured[n++] = line.substring(pos, at);
                }
                pendingCapture = null;
            }
            pos = at + p.literal().length();
        }
        if (pendingCapture != null && captured != null && !pendingCapture.equals("_")) {
            captured[n++] = pendingCapture;
            captured[n++] = line.substring(pos);
        }
        if (sink != null) {
            for (int i = 0; i < n; i += 2) {
                sink.accept(captured[i], captured[i + 1]);
            }
        }
        return true;
    }
}
