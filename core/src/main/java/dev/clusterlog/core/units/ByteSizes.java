package dev.clusterlog.core.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte-size parser of clusterlog, in the two syntaxes our users know:
 * <ul>
 *   <li>Humanized, as go-humanize's {@code ParseBytes} (Loki's and Prometheus' configuration, LogQL
 *   {@code bytes()} and byte literals): a decimal number, optional spaces, and an optional unit,
 *   case-insensitive: {@code B}, {@code kB/KB/k} = 1000, {@code KiB/Ki} = 1024, and so on to
 *   {@code E}/{@code EiB}; commas in the number are ignored ({@code 1,024}). Fractions truncate.</li>
 *   <li>Kubernetes quantities ({@code resource.Quantity}), as kubelet reads
 *   {@code --container-log-max-size}: a decimal number with a binary suffix {@code Ki Mi Gi Ti Pi Ei},
 *   a decimal suffix {@code k M G T P E} or an exponent {@code 1e6}, case-sensitive; fractions are
 *   rounded up to a whole byte, as {@code Quantity.Value()} does.</li>
 * </ul>
 * Stateless, thread-safe.
 */
public final class ByteSizes {
    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

    private ByteSizes() {
    }

    /**
     * A humanized size in bytes.
     *
     * @throws IllegalArgumentException {@code invalid size "TEXT": expected a size like 512, 64KiB, 1MiB or 1GB}
     */
    public static long parse(String text) {
        OptionalLong v = tryParse(text);
        if (v.isEmpty()) {
            throw new IllegalArgumentException("invalid size " + quote(text) + ": expected a size like 512, 64KiB, 1MiB or 1GB");
        }
        return v.getAsLong();
    }

    /** A humanized size in bytes, or empty when {@code text} is not one. */
    public static OptionalLong tryParse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String s = text.trim();
        int i = 0;
        StringBuilder number = new StringBuilder(s.length());
        while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == ',')) {
            if (s.charAt(i) != ',') {
                number.append(s.charAt(i));
            }
            i++;
        }
        if (number.isEmpty() || number.toString().equals(".")) {
            return OptionalLong.empty();
        }
        double value;
        try {
            value = Double.parseDouble(number.toString());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
        double multiplier = switch (unit) {
            case "", "b" -> 1;
            case "k", "kb" -> 1e3;
            case "m", "mb" -> 1e6;
            case "g", "gb" -> 1e9;
            case "t", "tb" -> 1e12;
            case "p", "pb" -> 1e15;
            case "e", "eb" -> 1e18;
            case "ki", "kib" -> 0x1p10;
            case "mi", "mib" -> 0x1p20;
            case "gi", "gib" -> 0x1p30;
            case "ti", "tib" -> 0x1p40;
            case "pi", "pib" -> 0x1p50;
            case "ei", "eib" -> 0x1p60;
            default -> -1;
        };
        if (multiplier < 0) {
            return OptionalLong.empty();
        }
        double bytes = value * multiplier;
        if (bytes >= 0x1p63) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((long) bytes);
    }

    /**
     * A size setting, with the error in the configuration wording:
     * {@code Invalid value 5x for configuration output.batch_size: expected a size like 512, 64KiB, 1MiB or 1GB}.
     */
    public static long parseSetting(String key, String value) {
        OptionalLong v = tryParse(value);
        if (v.isEmpty()) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key
                    + ": expected a size like 512, 64KiB, 1MiB or 1GB");
        }
        return v.getAsLong();
    }

    /**
     * A Kubernetes quantity as a byte count.
     *
     * @throws IllegalArgumentException in kubelet's wording when malformed
     */
    public static long parseQuantity(String text) {
        Matcher m = QUANTITY.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("quantities must match the regular expression"
                    + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. 10Mi, 512Ki, 1M), got " + quote(text));
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        BigDecimal bytes = suffix == null ? number : number.multiply(multiplier(suffix));
        try {
            return bytes.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("quantity " + quote(text) + " is too large for a byte count");
        }
    }

    private static BigDecimal multiplier(String suffix) {
        return switch (suffix) {
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            case "Ei" -> BigDecimal.valueOf(1L << 60);
            case "k" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "G" -> BigDecimal.TEN.pow(9);
            case "T" -> BigDecimal.TEN.pow(12);
            case "P" -> BigDecimal.TEN.pow(15);
            case "E" -> BigDecimal.TEN.pow(18);
            default -> {
                int exponent = Integer.parseInt(suffix.substring(1));
                if (Math.abs(exponent) > 30) {
                    throw new IllegalArgumentException("quantity exponent " + exponent + " is out of range");
                }
                yield exponent >= 0 ? BigDecimal.TEN.pow(exponent, MathContext.UNLIMITED)
                        : BigDecimal.ONE.divide(BigDecimal.TEN.pow(-exponent));
            }
        };
    }

    /** Canonical text of a byte count: {@code <n>B} (parses back to the same value). */
    public static String format(long bytes) {
        return bytes + "B";
    }

    /** A short human rendering for messages: {@code 64MiB}, {@code 1.5GiB}, {@code 512B}. */
    public static String formatHuman(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (v == Math.rint(v)) {
            return (long) v + units[u];
        }
        return String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
