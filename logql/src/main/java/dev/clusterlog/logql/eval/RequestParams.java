package dev.clusterlog.logql.eval;

import dev.clusterlog.core.time.Rfc3339;
import dev.clusterlog.logql.syntax.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Loki's HTTP query parameters, parsed as its {@code loghttp} package does, for the server to call.
 * Every failure is an {@link IllegalArgumentException} whose message is Loki's text (answer 400).
 */
public final class RequestParams {
    /** Loki's default and maximum points per series. */
    public static final int MAX_POINTS = 11_000;

    private RequestParams() {
    }

    /**
     * {@code start}/{@code end}/{@code time}: with a dot, float Unix seconds (milliseconds kept);
     * an integer of up to 10 digits, Unix seconds; a longer integer, Unix nanoseconds; else RFC3339(Nano).
     * Empty or null gives {@code defaultNanos}.
     */
    public static long parseTime(String value, long defaultNanos) {
        if (value == null || value.isEmpty()) {
            return defaultNanos;
        }
        if (value.contains(".")) {
            try {
                BigDecimal secs = new BigDecimal(value);
                return secs.setScale(3, RoundingMode.HALF_UP).movePointRight(9).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                // fall through to RFC3339
            }
        }
        try {
            long n = Long.parseLong(value);
            return value.length() <= 10 ? n * 1_000_000_000L : n;
        } catch (NumberFormatException e) {
            try {
                return Rfc3339.parseEpochNanos(value);
            } catch (RuntimeException e2) {
                throw new IllegalArgumentException("cannot parse \"" + value + "\" to a valid timestamp");
            }
        }
    }

    /** {@code step}: float seconds ({@code 15}, {@code 0.5}) or a duration ({@code 1m}). */
    public static long parseStep(String value, long defaultNanos) {
        if (value == null || value.isEmpty()) {
            return defaultNanos;
        }
        long nanos;
        try {
            nanos = new BigDecimal(value).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            nanos = Durations.parse(value);
            if (nanos == Long.MIN_VALUE) {
                throw new IllegalArgumentException("cannot parse \"" + value + "\" to a valid duration");
            }
        }
        if (nanos <= 0) {
            throw new IllegalArgumentException(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        return nanos;
    }

    /** Loki's default step: {@code max(1s, floor((end-start)/250s))}. */
    public static long defaultStep(long startNanos, long endNanos) {
        long secs = Math.max(1, (long) Math.floor((endNanos - startNanos) / 1e9 / 250));
        return secs * 1_000_000_000L;
    }

    /** Rejects a range that would produce more than {@link #MAX_POINTS} points per series. */
    public static void checkResolution(long startNanos, long endNanos, long stepNanos) {
        if ((endNanos - startNanos) / stepNanos > MAX_POINTS) {
            throw new IllegalArgumentException("exceeded maximum resolution of 11,000 points per timeseries. Try"
                    + " decreasing the query resolution (?step=XX)");
        }
    }

    public static Direction parseDirection(String value) {
        if (value == null || value.isEmpty()) {
            return Direction.BACKWARD;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "forward" -> Direction.FORWARD;
            case "backward" -> Direction.BACKWARD;
            default -> throw new IllegalArgumentException("invalid direction '" + value + "'");
        };
    }

    public static int parseLimit(String value) {
        if (value == null || value.isEmpty()) {
            return 100;
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot parse \"" + value + "\" to a valid limit");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("limit must be a positive value");
        }
        return n;
    }

    /** {@code since}: a duration before {@code end}. */
    public static long parseSince(String value, long defaultNanos) {
        if (value == null || value.isEmpty()) {
            return defaultNanos;
        }
        long n = Durations.parse(value);
        if (n == Long.MIN_VALUE) {
            throw new IllegalArgumentException("cannot parse \"" + value + "\" to a valid duration");
        }
        return n;
    }

    /**
     * Builds the parameters of {@code /query_range} from raw values; {@code nowNanos} is the clock's
     * reading (start defaults to now-1h, or end-since).
     */
    public static QueryParams rangeQuery(String start, String end, String since, String step, String interval,
                                         String direction, String limit, long nowNanos) {
        long e = parseTime(end, nowNanos);
        long s = parseTime(start, e - parseSince(since, 3_600_000_000_000L));
        if (e < s) {
            throw new IllegalArgumentException("end timestamp must not be before or equal to start time");
        }
        long st = parseStep(step, defaultStep(s, e));
        checkResolution(s, e, st);
        long iv = interval == null || interval.isEmpty() ? 0 : parseStep(interval, 0);
        return new QueryParams(s, e, st, iv, parseDirection(direction), parseLimit(limit), false);
    }

    /** Builds the parameters of {@code /query} (instant). */
    public static QueryParams instantQuery(String time, String direction, String limit, long nowNanos) {
        return QueryParams.instant(parseTime(time, nowNanos), parseDirection(direction), parseLimit(limit));
    }
}
