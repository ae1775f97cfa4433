package dev.clusterlog.core.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Substring search on bytes. Needles up to 16 bytes: the first byte is looked for 8 bytes at a
 * time (SWAR: "has zero byte" on {@code word ^ pattern}), each candidate is then compared;
 * longer needles use Boyer-Moore-Horspool. Built once per query; {@link #indexIn} allocates
 * nothing. Thread-safe after construction.
 */
public final class ByteSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final byte[] needle;
    private final int[] skip;
    private final long firstPattern;

    public ByteSearch(String needle) {
        this(needle.getBytes(StandardCharsets.UTF_8));
    }

    public ByteSearch(byte[] needle) {
        this.needle = needle.clone();
        this.firstPattern = needle.length == 0 ? 0 : (needle[0] & 0xffL) * ONES;
        if (needle.length > 16) {
            skip = new int[256];
            java.util.Arrays.fill(skip, needle.length);
            for (int i = 0; i < needle.length - 1; i++) {
                skip[needle[i] & 0xff] = needle.length - 1 - i;
            }
        } else {
            skip = null;
        }
    }

    public int length() {
        return needle.length;
    }

    public boolean containedIn(byte[] buf, int off, int len) {
        return indexIn(buf, off, len) >= 0;
    }

    /** The offset of the first occurrence within {@code buf[off, off+len)}, or -1. */
    public int indexIn(byte[] buf, int off, int len) {
        int n = needle.length;
        if (n == 0) {
            return off;
        }
        return skip == null ? swar(buf, off, len) : horspool(buf, off, len);
    }

    private int swar(byte[] buf, int off, int len) {
        int end = off + len - needle.length + 1;
        int i = off;
        while (i + 8 <= end) {
            long v = (long) LONGS.get(buf, i) ^ firstPattern;
            long z = (v - ONES) & ~v & HIGHS;
            while (z != 0) {
                int j = i + (Long.numberOfTrailingZeros(z) >>> 3);
                if (matchesAt(buf, j)) {
                    return j;
                }
                z &= z - 1;
            }
            i += 8;
        }
        byte first = needle[0];
        for (; i < end; i++) {
            if (buf[i] == first && matchesAt(buf, i)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matchesAt(byte[] buf, int at) {
        for (int k = 0; k < needle.length; k++) {
            if (buf[at + k] != needle[k]) {
                return false;
            }
        }
        return true;
    }

    private int horspool(byte[] buf, int off, int len) {
        int n = needle.length;
        int end = off + len;
        int last = n - 1;
        byte lastByte = needle[last];
        int i = off;
        while (i <= end - n) {
            byte b = buf[i + last];
            if (b == lastByte) {
                int j = last - 1;
                while (j >= 0 && buf[i + j] == needle[j]) {
                    j--;
                }
                if (j < 0) {
                    return i;
                }
            }
            i += skip[b & 0xff];
        }
        return -1;
    }
}
