package dev.clusterlog.core.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer in the binary convention of every clusterlog format: fixed-width integers
 * little-endian, {@code varint} = unsigned LEB128, {@code zigzag} = signed varint, {@code string} =
 * varint byte length then UTF-8. One per batch or file, reused with {@link #reset()}; not
 * thread-safe. {@link ByteReader} reads what it writes.
 */
public final class ByteWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int len;

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public void reset() {
        len = 0;
    }

    public int length() {
        return len;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    public void writeInt(int v) {
        ensure(4);
        INT.set(buf, len, v);
        len += 4;
    }

    /** Drops everything after the first {@code length} bytes. */
    public void truncate(int length) {
        if (length < 0 || length > len) {
            throw new IndexOutOfBoundsException("truncate to " + length + " of " + len);
        }
        len = length;
    }

    public void setInt(int at, int v) {
        INT.set(buf, at, v);
    }

    public void writeLong(long v) {
        ensure(8);
        LONG.set(buf, len, v);
        len += 8;
    }

    public void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
    }

    public void writeVarInt(int v) {
        writeVarLong(v & 0xFFFFFFFFL);
    }

    public void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    public void writeBytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    public void writeBytes(byte[] b) {
        writeBytes(b, 0, b.length);
    }

    /** The characters of {@code s}, each as one byte; only for ASCII text (JSON punctuation, numbers). */
    public void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /** The UTF-8 bytes of {@code s}, without a length. */
    public void writeUtf8(String s) {
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** varint length then UTF-8 bytes. */
    public void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(b.length);
        writeBytes(b, 0, b.length);
    }

    public static int readInt(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    public static long readLong(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }
}
