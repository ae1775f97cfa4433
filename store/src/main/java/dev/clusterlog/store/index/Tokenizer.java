package dev.clusterlog.store.index;

/**
 * Splits line bytes into the words the block index keeps. A word is a maximal run of word bytes:
 * ASCII letters, digits, {@code _}, and every byte >= 0x80 (so UTF-8 text stays whole). Case is kept:
 * LogQL's {@code |=} is case-sensitive. Words longer than {@link #MAX_TOKEN} bytes are indexed as
 * their first {@code MAX_TOKEN} bytes; queries cut their words the same way, so the index never
 * misses a block, it may only return an extra candidate.
 */
public final class Tokenizer {
    public static final int MAX_TOKEN = 64;
    /**
     * Indexed once per block that has a word longer than {@link #MAX_TOKEN}: such a word's tail is not
     * in the index, so suffix and infix lookups must also take these blocks. Not a word itself (NUL).
     */
    public static final byte[] LONG_WORD_MARKER = {0, 'l', 'o', 'n', 'g'};
    private static final boolean[] WORD = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
        }
    }

    private Tokenizer() {
    }

    /** Receives each token as {@code buf[off, off+len)}, already cut to {@link #MAX_TOKEN}. */
    @FunctionalInterface
    public interface Sink {
        void token(byte[] buf, int off, int len);
    }

    public static boolean isWordByte(byte b) {
        return WORD[b & 0xFF];
    }

    public static void tokenize(byte[] b, int off, int len, Sink sink) {
        int end = off + len;
        int i = off;
        while (i < end) {
            while (i < end && !WORD[b[i] & 0xFF]) {
                i++;
            }
            int start = i;
            while (i < end && WORD[b[i] & 0xFF]) {
                i++;
            }
            if (i > start) {
                if (i - start > MAX_TOKEN) {
                    sink.token(LONG_WORD_MARKER, 0, LONG_WORD_MARKER.length);
                }
                sink.token(b, start, Math.min(i - start, MAX_TOKEN));
            }
        }
    }
}
