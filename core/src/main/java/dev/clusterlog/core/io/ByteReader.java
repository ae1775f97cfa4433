package dev.clusterlog.core.io;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote. Bounds are checked: reading past {@code limit} throws
 * {@link IllegalStateException} with the position, which callers turn into a corrupt-file error.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    public ByteReader(byte[] buf, int off, int limit) {
        this.buf = buf;
        this.pos = off;
        this.limit = limit;
    }

    /** The buffer read from (for decoders that keep slices of it instead of copying). */
    public byte[] buffer() {
        return buf;
    }

    public int limit() {
        return limit;
    }

    public int remaining() {
        return limit - pos;
    }

    public int position() {
        return pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    private void need(int n) {
        if (n < 0 || pos + n > limit) {
            throw new IllegalStateException("need " + n + " bytes at " + pos + ", have " + (limit - pos));
        }
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readInt() {
        need(4);
        int v = ByteWriter.readInt(buf, pos);
        pos += 4;
        return v;
    }

    public long readLong() {
        need(8);
        long v = ByteWriter.readLong(buf, pos);
        pos += 8;
        return v;
    }

    public long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes at " + pos);
    }

    public int readVarInt() {
        long v = readVarLong();
        if (v > Integer.MAX_VALUE) {
            throw new IllegalStateException("varint " + v + " out of int range at " + pos);
        }
        return (int) v;
    }

    public long readZigZag() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** Skips n bytes and returns the offset where they start. */
    public int skip(int n) {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }

    public String readString() {
        int n = readVarInt();
        int at = skip(n);
        return new String(buf, at, n, StandardCharsets.UTF_8);
    }
}
