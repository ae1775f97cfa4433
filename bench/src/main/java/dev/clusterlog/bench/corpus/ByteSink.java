package dev.clusterlog.bench.corpus;

import java.util.Arrays;

/** A growable byte buffer the generator fills per event and reuses; not thread-safe. */
final class ByteSink {
    byte[] bytes = new byte[64 * 1024];
    int length;

    void clear() {
        length = 0;
    }

    void append(byte[] b) {
        append(b, 0, b.length);
    }

    void append(byte[] b, int off, int len) {
        ensure(length + len);
        System.arraycopy(b, off, bytes, length, len);
        length += len;
    }

    void append(byte b) {
        ensure(length + 1);
        bytes[length++] = b;
    }

    void appendAscii(String s) {
        int n = s.length();
        ensure(length + n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    void appendDecimal(long v) {
        appendAscii(Long.toString(v));
    }

    void appendHex(long v, int digits) {
        ensure(length + digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length++] = (byte) "0123456789abcdef".charAt((int) (v >>> (i * 4)) & 0xf);
        }
    }

    private void ensure(int size) {
        if (size > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size, bytes.length * 2));
        }
    }
}
