package dev.clusterlog.logql.log;

import java.nio.charset.StandardCharsets;

/**
 * Substring search on bytes (Boyer-Moore-Horspool; a first-byte scan for needles shorter than 3
 * bytes). Built once per query; {@link #indexIn} allocates nothing. Thread-safe after construction.
 */
public final class ByteSearch {
    private final byte[] needle;
    private final int[] skip;

    public ByteSearch(String needle) {
        this(needle.getBytes(StandardCharsets.UTF_8));
    }

    public ByteSearch(byte[] needle) {
        this.needle = needle.clone();
        if (needle.length >= 3) {
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
        int end = off + len;
        if (skip == null) {
            byte first = needle[0];
            for (int i = off; i <= end - n; i++) {
                if (buf[i] == first && (n == 1 || buf[i + 1] == needle[1])) {
                    return i;
                }
            }
            return -1;
        }
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
