package dev.clusterlog.cli;

import dev.clusterlog.cli.logs.GoDuration;
import java.time.Duration;

/** Duration flags: Go's form ({@code 90s}, {@code 1h30m}) plus days ({@code 30d}) and weeks ({@code 2w}). */
final class Durations {
    private Durations() {
    }

    static Duration parse(String key, String text) {
        String t = text.trim();
        try {
            if (t.endsWith("d") || t.endsWith("w")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return Duration.ofDays(t.endsWith("w") ? n * 7 : n);
            }
            return Duration.ofNanos(GoDuration.parseNanos(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid value " + text + " for configuration " + key
                    + ": expected a duration like 30s, 5m, 12h or 7d");
        }
    }
}
