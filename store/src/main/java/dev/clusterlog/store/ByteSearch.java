package dev.clusterlog.store;

/** Substring search on bytes (first-byte scan then compare), for line filters. */
public final class ByteSearch {
    private ByteSearch() {
    }

    /** The offset of {@code needle} in {@code buf[off, off+len)} relative to {@code off}, or -1. */
    public static int indexOf(byte[] buf, int off, int len, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return 0;
        }
        byte first = needle[0];
        int last = off + len - n;
        outer:
        for (int i = off; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i - off;
        }
        return -1;
    }
}
