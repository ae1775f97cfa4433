package dev.clusterlog.core.units;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The one duration parser of clusterlog, in two syntaxes:
 * <ul>
 *   <li>{@link Syntax#GO}: Go's {@code time.ParseDuration}, as kubectl's {@code --since}, kubelet's
 *   flags and LogQL's {@code duration()} conversions take them: an optional sign, then one or more
 *   {@code <decimal><unit>} parts with units {@code ns us µs ms s m h} ({@code 300ms}, {@code 1.5h},
 *   {@code 2h45m}); {@code 0} alone needs no unit.</li>
 *   <li>{@link Syntax#EXTENDED}: the same plus {@code d} (24h), {@code w} (7d) and {@code y} (365d),
 *   as Prometheus and LogQL query literals ({@code [7d]}) and our configuration ({@code 30d}) take them.</li>
 * </ul>
 * Exact: the value is computed in integer nanoseconds as Go does (fractions truncated below a
 * nanosecond), and a value beyond ±292 years is invalid. Stateless, thread-safe, no allocation on
 * the successful path of {@link #tryParseNanos}.
 */
public final class Durations {
    public enum Syntax { GO, EXTENDED }

    private static final long NS = 1;
    private static final long US = 1_000;
    private static final long MS = 1_000_000;
    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;
    private static final long W = 7 * D;
    private static final long Y = 365 * D;
    private static final long[] UNITS = {D, H, M, S, MS, US, NS};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms", "us", "ns"};

    private Durations() {
    }

    /**
     * The duration in nanoseconds.
     *
     * @throws IllegalArgumentException {@code invalid duration "TEXT": expected a duration like ...}
     */
    public static long parseNanos(String text, Syntax syntax) {
        long v = scan(text, syntax);
        if (v == INVALID) {
            throw new IllegalArgumentException("invalid duration " + quote(text) + ": expected " + example(syntax));
        }
        return v;
    }

    public static Duration parse(String text, Syntax syntax) {
        return Duration.ofNanos(parseNanos(text, syntax));
    }

    /** The duration in nanoseconds, or empty when {@code text} is not one. */
    public static OptionalLong tryParseNanos(String text, Syntax syntax) {
        long v = scan(text, syntax);
        return v == INVALID ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * A duration setting (extended syntax, not negative), with the error in the configuration wording:
     * {@code Invalid value 5x for configuration store.retention: expected a duration like 30s, 5m, 12h or 7d}.
     */
    public static Duration parseSetting(String key, String value) {
        long v = value == null ? INVALID : scan(value.trim(), Syntax.EXTENDED);
        if (v == INVALID || v < 0) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key
                    + ": expected " + example(Syntax.EXTENDED) + (v != INVALID ? ", not negative" : ""));
        }
        return Duration.ofNanos(v);
    }

    /** Canonical text ({@code 1d2h}, {@code 500ms}, {@code 0s}) that parses back, in the extended syntax, to the same value. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (nanos < 0) {
            sb.append('-');
        }
        // work on the negative value so that Long.MIN_VALUE has a rendering too
        long rest = nanos > 0 ? -nanos : nanos;
        for (int i = 0; i < UNITS.length; i++) {
            long q = rest / UNITS[i];
            if (q != 0) {
                sb.append(-q).append(UNIT_NAMES[i]);
                rest -= q * UNITS[i];
            }
        }
        return sb.toString();
    }

    public static String format(Duration d) {
        return format(d.toNanos());
    }

    private static String example(Syntax syntax) {
        return syntax == Syntax.GO ? "a duration like 30s, 5m or 1h30m" : "a duration like 30s, 5m, 12h or 7d";
    }

    private static final long INVALID = Long.MIN_VALUE;

    /** Go's algorithm ({@code time.ParseDuration}): integer part and fraction per part, overflow checked. */
    private static long scan(String s, Syntax syntax) {
        if (s == null) {
            return INVALID;
        }
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (n - i == 1 && s.charAt(i) == '0') {
            return 0;
        }
        if (i == n) {
            return INVALID;
        }
        long total = 0; // as a positive value; Go allows up to 1<<63 for the negative extreme
        while (i < n) {
            long whole = 0;
            int start = i;
            boolean overflow = false;
            while (i < n && isDigit(s.charAt(i))) {
                int d = s.charAt(i) - '0';
                if (whole > (Long.MAX_VALUE - d) / 10) {
                    overflow = true;
                } else {
                    whole = whole * 10 + d;
                }
                i++;
            }
            boolean pre = i != start;
            long fraction = 0;
            long scale = 1;
            boolean post = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                while (i < n && isDigit(s.charAt(i))) {
                    if (scale <= Long.MAX_VALUE / 10 / 10) { // further digits cannot matter below a nanosecond of the largest unit
                        fraction = fraction * 10 + (s.charAt(i) - '0');
                        scale *= 10;
                    }
                    i++;
                }
                post = i != fracStart;
            }
            if (!pre && !post || overflow) {
                return INVALID;
            }
            int unitStart = i;
            while (i < n && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            long unit = unit(s, unitStart, i, syntax);
            if (unit == 0) {
                return INVALID;
            }
            if (whole > Long.MAX_VALUE / unit) {
                return INVALID;
            }
            long v = whole * unit;
            if (fraction > 0) {
                // fraction/scale of a unit, truncated to whole nanoseconds
                v += (long) (fraction * ((double) unit / scale));
                if (v < 0) {
                    return INVALID;
                }
            }
            total += v;
            if (total < 0) {
                return INVALID;
            }
        }
        return negative ? -total : total;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long unit(String s, int from, int to, Syntax syntax) {
        int len = to - from;
        if (len == 1) {
            char c = s.charAt(from);
            return switch (c) {
                case 's' -> S;
                case 'm' -> M;
                case 'h' -> H;
                case 'd' -> syntax == Syntax.EXTENDED ? D : 0;
                case 'w' -> syntax == Syntax.EXTENDED ? W : 0;
                case 'y' -> syntax == Syntax.EXTENDED ? Y : 0;
                default -> 0;
            };
        }
        if (len == 2) {
            char a = s.charAt(from);
            char b = s.charAt(from + 1);
            if (b == 's') {
                return switch (a) {
                    case 'n' -> NS;
                    case 'u', 'µ', 'μ' -> US;
                    case 'm' -> MS;
                    default -> 0;
                };
            }
        }
        return 0;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
