package dev.clusterlog.runtime.log;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Kubernetes {@code resource.Quantity} as a byte count, as kubelet reads
 * {@code containerLogMaxSize}: a decimal number with an optional binary suffix ({@code Ki Mi Gi Ti
 * Pi Ei}, powers of 1024), decimal suffix ({@code k M G T P E}, powers of 1000) or exponent
 * ({@code 1e6}). Fractions are rounded up to a whole byte, as {@code Quantity.Value()} does.
 */
public final class KubernetesQuantity {
    private static final Pattern FORMAT = Pattern.compile(
            "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

    private KubernetesQuantity() {
    }

    /** The quantity in bytes; {@link IllegalArgumentException} with kubelet's wording when malformed. */
    public static long parseBytes(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("failed to parse container log max size \"" + text
                    + "\": quantities must match the regular expression"
                    + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. 10Mi, 512Ki, 1M)");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        BigDecimal bytes = suffix == null ? number : number.multiply(multiplier(suffix));
        return bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
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
            default -> BigDecimal.TEN.pow(Integer.parseInt(suffix.substring(1)), java.math.MathContext.UNLIMITED);
        };
    }
}
