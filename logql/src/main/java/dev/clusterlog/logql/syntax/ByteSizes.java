package dev.clusterlog.logql.syntax;

import java.util.Locale;

/**
 * Byte sizes as LogQL accepts them ({@code 20KB}, {@code 1.5MiB}, {@code 42B}): decimal units
 * (kB/KB = 1000) and binary units (KiB = 1024), as go-humanize's ParseBytes. Canonical text: {@code <n>B}.
 */
public final class ByteSizes {
    private ByteSizes() {
    }

    /** Bytes, or {@code -1} when the text is not a byte size. */
    public static long parse(String text) {
        int i = 0;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            return -1;
        }
        double value;
        try {
            value = Double.parseDouble(text.substring(0, i));
        } catch (NumberFormatException e) {
            return -1;
        }
        String unit = text.substring(i).trim().toLowerCase(Locale.ROOT);
        double mult = switch (unit) {
            case "b", "" -> 1;
            case "kb", "k" -> 1e3;
            case "mb", "m" -> 1e6;
            case "gb", "g" -> 1e9;
            case "tb", "t" -> 1e12;
            case "pb", "p" -> 1e15;
            case "eb" -> 1e18;
            case "kib", "ki" -> 1024d;
            case "mib", "mi" -> 1024d * 1024;
            case "gib", "gi" -> 1024d * 1024 * 1024;
            case "tib", "ti" -> 1024d * 1024 * 1024 * 1024;
            case "pib", "pi" -> 1024d * 1024 * 1024 * 1024 * 1024;
            default -> -1;
        };
        if (mult < 0) {
            return -1;
        }
        return (long) (value * mult);
    }

    /** True for texts the lexer must read as a BYTES token: a number and a byte unit with a B. */
    static boolean isBytesToken(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.endsWith("b") && parse(text) >= 0;
    }

    public static String format(long bytes) {
        return bytes + "B";
    }
}
