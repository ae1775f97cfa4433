package dev.clusterlog.core.time;

/**
 * RFC 3339 timestamps on bytes, as kubelet and containerd use them.
 *
 * <p>Implementation notes: parsing follows kubelet's {@code RFC3339NanoLenient}
 * ({@code 2006-01-02T15:04:05.999999999Z07:00}): 0 to 9 fraction digits, {@code Z} or
 * {@code ±hh:mm}. {@link #formatFixed} is kubelet's {@code RFC3339NanoFixed}
 * ({@code 2006-01-02T15:04:05.000000000Z07:00}, always 9 digits, used by {@code --timestamps});
 * {@link #formatNano} is Go's {@code RFC3339Nano} (trailing fraction zeros trimmed), which
 * containerd writes into CRI log files. Both keep the zone offset that was parsed, as Go's
 * {@code time.Time.Format} does. No {@code java.time} objects are made per call: these run once
 * per log line.
 */
public final class Rfc3339 {

    /** Length of {@code 2006-01-02T15:04:05.000000000Z}. */
    public static final int FIXED_UTC_LENGTH = 30;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Rfc3339() {
    }

    /**
     * The result of a parse: the instant and the zone offset it was written with. A mutable holder
     * so that a reader parses many lines without allocating.
     */
    public static final class Parsed {
        public long epochNanos;
        public int offsetSeconds;
    }

    /**
     * Parses {@code len} bytes at {@code off} as a whole RFC 3339 timestamp.
     *
     * @return null when the bytes are a valid timestamp (the result is in {@code into}), else a
     *     short description of what was expected, for error messages
     */
    public static String parse(byte[] buf, int off, int len, Parsed into) {
        // yyyy-mm-ddThh:mm:ss is 19 bytes, then optional .fraction, then Z or +hh:mm
        if (len < 20) {
            return "a timestamp like 2006-01-02T15:04:05.999999999Z07:00";
        }
        int year = digits(buf, off, 4);
        int month = digits(buf, off + 5, 2);
        int day = digits(buf, off + 8, 2);
        int hour = digits(buf, off + 11, 2);
        int minute = digits(buf, off + 14, 2);
        int second = digits(buf, off + 17, 2);
        byte t = buf[off + 10];
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || buf[off + 4] != '-' || buf[off + 7] != '-' || (t != 'T' && t != 't')
                || buf[off + 13] != ':' || buf[off + 16] != ':') {
            return "a date and time like 2006-01-02T15:04:05";
        }
        int p = off + 19;
        int end = off + len;
        long fraction = 0;
        if (buf[p] == '.') {
            p++;
            int start = p;
            while (p < end && buf[p] >= '0' && buf[p] <= '9') {
                if (p - start >= 9) {
                    return "at most 9 fraction digits";
                }
                fraction = fraction * 10 + (buf[p] - '0');
                p++;
            }
            int n = p - start;
            if (n == 0) {
                return "fraction digits after '.'";
            }
            for (int i = n; i < 9; i++) {
                fraction *= 10;
            }
        }
        if (p >= end) {
            return "a zone, Z or +hh:mm";
        }
        int offset;
        byte z = buf[p];
        if ((z == 'Z' || z == 'z') && p + 1 == end) {
            offset = 0;
        } else if ((z == '+' || z == '-') && p + 6 == end && buf[p + 3] == ':') {
            int oh = digits(buf, p + 1, 2);
            int om = digits(buf, p + 4, 2);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return "a zone offset like +hh:mm";
            }
            offset = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
        } else {
            return "a zone, Z or +hh:mm, at the end";
        }
        long days = epochDay(year, month, day);
        long localSeconds = days * 86_400L + hour * 3600L + minute * 60L + second;
        into.epochNanos = (localSeconds - offset) * NANOS_PER_SECOND + fraction;
        into.offsetSeconds = offset;
        return null;
    }

    /** Parses a timestamp given as a string; throws with the expectation when it is not one. */
    public static Parsed parse(CharSequence text) {
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            char c = text.charAt(i);
            b[i] = c < 128 ? (byte) c : (byte) '?';
        }
        Parsed p = new Parsed();
        String error = parse(b, 0, b.length, p);
        if (error != null) {
            throw new IllegalArgumentException("invalid timestamp \"" + text + "\": expected " + error);
        }
        return p;
    }

    /** Epoch nanoseconds of an RFC 3339 string; throws with the expectation when it is not one. */
    public static long parseEpochNanos(CharSequence text) {
        return parse(text).epochNanos;
    }

    /** Appends kubelet's RFC3339NanoFixed form (9 fraction digits) and returns the new position. */
    public static int formatFixed(long epochNanos, int offsetSeconds, byte[] out, int pos) {
        return format(epochNanos, offsetSeconds, out, pos, true);
    }

    /** Appends Go's RFC3339Nano form (fraction zeros trimmed, as containerd writes) and returns the new position. */
    public static int formatNano(long epochNanos, int offsetSeconds, byte[] out, int pos) {
        return format(epochNanos, offsetSeconds, out, pos, false);
    }

    public static String formatFixed(long epochNanos, int offsetSeconds) {
        byte[] b = new byte[40];
        return new String(b, 0, formatFixed(epochNanos, offsetSeconds, b, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static String formatNano(long epochNanos, int offsetSeconds) {
        byte[] b = new byte[40];
        return new String(b, 0, formatNano(epochNanos, offsetSeconds, b, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The most bytes a formatted timestamp takes ({@code -yyyy} years aside): 35. */
    public static final int MAX_FORMATTED_LENGTH = 35;

    private static int format(long epochNanos, int offsetSeconds, byte[] out, int p, boolean fixed) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND) + offsetSeconds;
        int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        long days = Math.floorDiv(seconds, 86_400L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil-from-days (Howard Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        p = put(out, p, (int) y, 4);
        out[p++] = '-';
        p = put(out, p, m, 2);
        out[p++] = '-';
        p = put(out, p, d, 2);
        out[p++] = 'T';
        p = put(out, p, secOfDay / 3600, 2);
        out[p++] = ':';
        p = put(out, p, secOfDay / 60 % 60, 2);
        out[p++] = ':';
        p = put(out, p, secOfDay % 60, 2);
        if (fixed) {
            out[p++] = '.';
            p = put(out, p, nanos, 9);
        } else if (nanos != 0) {
            out[p++] = '.';
            int digits = 9;
            int n = nanos;
            while (n % 10 == 0) {
                n /= 10;
                digits--;
            }
            p = put(out, p, n, digits);
        }
        if (offsetSeconds == 0) {
            out[p++] = 'Z';
        } else {
            int abs = Math.abs(offsetSeconds);
            out[p++] = (byte) (offsetSeconds < 0 ? '-' : '+');
            p = put(out, p, abs / 3600, 2);
            out[p++] = ':';
            p = put(out, p, abs / 60 % 60, 2);
        }
        return p;
    }

    private static int put(byte[] out, int p, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[p + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return p + width;
    }

    private static int digits(byte[] buf, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int c = buf[off + i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (days-from-civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
