package dev.clusterlog.core.entry;

import dev.clusterlog.core.io.ByteReader;
import dev.clusterlog.core.io.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Loki's structured metadata of one entry (name/value pairs beside the line, in order, names may
 * repeat, values may be empty), in the one encoding it has from the push decoder to the block:
 * <pre>
 * metadata := pairCount:varint (name:string value:string){pairCount}    (absent, 0 bytes, when there are none)
 * string   := byteLength:varint utf8:byte[byteLength]
 * </pre>
 * An {@link EntryBatch} keeps every entry's metadata encoded so in one byte column, the WAL and
 * the blocks copy those bytes as they are, and readers decode them only when asked. Stateless.
 */
public final class StructuredMetadata {
    /** The name of the metadata pair that holds a container entry's output stream ({@code stdout}/{@code stderr}). */
    public static final String STREAM = "stream";
    private static final String[] NONE = new String[0];

    private StructuredMetadata() {
    }

    /** Encodes pairs given as {@code name0, value0, name1, value1, ...}; nothing for an empty array. */
    public static void encode(String[] pairs, ByteWriter out) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected name, value pairs, got " + pairs.length + " strings");
        }
        if (pairs.length == 0) {
            return;
        }
        out.writeVarInt(pairs.length / 2);
        for (String s : pairs) {
            out.writeString(s);
        }
    }

    public static byte[] encode(String... pairs) {
        ByteWriter w = new ByteWriter(16 * pairs.length + 1);
        encode(pairs, w);
        return w.toByteArray();
    }

    /** The pairs as {@code name0, value0, ...}; an empty array when {@code len} is 0. */
    public static String[] decode(byte[] buf, int off, int len) {
        if (len == 0) {
            return NONE;
        }
        ByteReader r = new ByteReader(buf, off, off + len);
        int n = checkedCount(r.readVarInt(), len);
        String[] out = new String[n * 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.readString();
        }
        return out;
    }

    /** The value of the first pair named {@code name}, or null; decodes only that value. */
    public static String value(byte[] buf, int off, int len, String name) {
        if (len == 0) {
            return null;
        }
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        ByteReader r = new ByteReader(buf, off, off + len);
        int n = checkedCount(r.readVarInt(), len);
        for (int i = 0; i < n; i++) {
            int nameLength = r.readVarInt();
            int nameAt = r.skip(nameLength);
            int valueLength = r.readVarInt();
            int valueAt = r.skip(valueLength);
            if (Arrays.equals(buf, nameAt, nameAt + nameLength, wanted, 0, wanted.length)) {
                return new String(buf, valueAt, valueLength, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Bytes of names and values together (Loki's structured-metadata size), without the length prefixes. */
    public static long payloadBytes(byte[] buf, int off, int len) {
        if (len == 0) {
            return 0;
        }
        ByteReader r = new ByteReader(buf, off, off + len);
        int n = checkedCount(r.readVarInt(), len);
        long total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int l = r.readVarInt();
            r.skip(l);
            total += l;
        }
        return total;
    }

    /** Checks that {@code buf[off, off+len)} follows the grammar to its end; IllegalStateException naming the offset otherwise. */
    public static void check(byte[] buf, int off, int len) {
        if (len == 0) {
            return;
        }
        ByteReader r = new ByteReader(buf, off, off + len);
        int n = checkedCount(r.readVarInt(), len);
        for (int i = 0; i < 2 * n; i++) {
            r.skip(r.readVarInt());
        }
        if (r.hasRemaining()) {
            throw new IllegalStateException("structured metadata has " + (off + len - r.position())
                    + " trailing bytes at " + r.position());
        }
    }

    private static int checkedCount(int n, int len) {
        if (n <= 0 || n > len) {
            throw new IllegalStateException("structured metadata pair count " + n + " does not fit " + len + " bytes");
        }
        return n;
    }
}
