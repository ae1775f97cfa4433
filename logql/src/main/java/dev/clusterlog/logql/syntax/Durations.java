package dev.clusterlog.logql.syntax;

/**
 * LogQL durations: one or more {@code <number><unit>} parts ({@code 5m}, {@code 1h30m}, {@code 1.5s}),
 * units {@code ns us µs ms s m h d w y} (d = 24h, w = 7d, y = 365d as in Prometheus), and Go's
 * {@code time.ParseDuration} forms with a sign. Canonical text: d h m s ms us ns parts, e.g.
 * {@code 1d2h}, {@code 500ms}, {@code 0s}.
 */
public final class Durations {
    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M,
            D = 24 * H, W = 7 * D, Y = 365 * D;

    private Durations() {
    }

    /** The duration in nanoseconds, or {@code Long.MIN_VALUE} when the text is not a duration. */
    public static long parse(String text) {
        int i = 0;
        int n = text.length();
        boolean negative = false;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (i >= n) {
            return Long.MIN_VALUE;
        }
        if (text.substring(i).equals("0")) {
            return 0;
        }
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        while (i < n) {
            int numStart = i;
            while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            if (i == numStart) {
                return Long.MIN_VALUE;
            }
            java.math.BigDecimal value;
            try {
                value = new java.math.BigDecimal(text.substring(numStart, i));
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
            int unitStart = i;
            while (i < n && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            long unit = unit(text.substring(unitStart, i));
            if (unit == 0) {
                return Long.MIN_VALUE;
            }
            total = total.add(value.multiply(java.math.BigDecimal.valueOf(unit)));
        }
        long nanos;
        try {
            nanos = total.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
        return negative ? -nanos : nanos;
    }

    private static long unit(String u) {
        return switch (u) {
            case "ns" -> NS;
            case "us", "µs", "μs" -> US;
            case "ms" -> MS;
            case "s" -> S;
            case "m" -> M;
            case "h" -> H;
            case "d" -> D;
            case "w" -> W;
            case "y" -> Y;
            default -> 0;
        };
    }

    /** Canonical text; parses back to the same nanoseconds. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long rest = nanos;
        if (rest < 0) {
            sb.append('-');
            rest = -rest;
        }
        long[] units = {D, H, M, S, MS, US, NS};
        String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length; i++) {
            long q = rest / units[i];
            if (q > 0) {
                sb.append(q).append(names[i]);
                rest -= q * units[i];
            }
        }
        return sb.toString();
    }
}
