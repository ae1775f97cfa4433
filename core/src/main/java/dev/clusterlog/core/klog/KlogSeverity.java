package dev.clusterlog.core.klog;

/**
 * The severity letter that opens a klog header (kubernetes/klog {@code severity.Char}: I, W, E,
 * F).
 */
public enum KlogSeverity {
    INFO('I'),
    WARNING('W'),
    ERROR('E'),
    FATAL('F');

    private final char letter;

    KlogSeverity(char letter) {
        this.letter = letter;
    }

    /** The letter klog writes: {@code I}, {@code W}, {@code E} or {@code F}. */
    public char letter() {
        return letter;
    }

    /** The severity of a header letter, or null when the byte is not one of I, W, E, F. */
    public static KlogSeverity fromLetter(int b) {
        return switch (b) {
            case 'I' -> INFO;
            case 'W' -> WARNING;
            case 'E' -> ERROR;
            case 'F' -> FATAL;
            default -> null;
        };
    }
}
