package dev.clusterlog.store.block;

import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.ByteReader;

/**
 * The columnar layout of a block's entries before compression:
 * <pre>
 * raw      := count:varint ts0:zigzag tsDelta:zigzag{count-1} lineLen:varint{count} metaLen:varint{count}
 *             lines:bytes metas:bytes
 * </pre>
 * Timestamps are in time order, so deltas are small and non-negative; lines and metadata are each
 * concatenated, which is what zstd compresses well.
 */
public final class BlockCodec {
    private BlockCodec() {
    }

    /** Encodes entries {@code [from, to)} in time order of {@code src}. */
    public static void encode(BlockData src, int from, int to, ByteWriter out) {
        int n = to - from;
        out.writeVarInt(n);
        long prev = 0;
        for (int i = from; i < to; i++) {
            long t = src.timeAt(i);
            out.writeZigZag(i == from ? t : t - prev);
            prev = t;
        }
        for (int i = from; i < to; i++) {
            out.writeVarInt(src.lineLen()[src.physical(i)]);
        }
        for (int i = from; i < to; i++) {
            out.writeVarInt(src.metaLen()[src.physical(i)]);
        }
        for (int i = from; i < to; i++) {
            int p = src.physical(i);
            out.writeBytes(src.lines(), src.lineOff()[p], src.lineLen()[p]);
        }
        for (int i = from; i < to; i++) {
            int p = src.physical(i);
            out.writeBytes(src.meta(), src.metaOff()[p], src.metaLen()[p]);
        }
    }

    /** Decodes {@code raw[0, len)}; throws IllegalStateException when the layout does not add up. */
    public static BlockData decode(byte[] raw, int len) {
        ByteReader r = new ByteReader(raw, 0, len);
        int n = r.readVarInt();
        if (n > len) {
            throw new IllegalStateException("entry count " + n + " exceeds block size " + len);
        }
        long[] ts = new long[n];
        long t = 0;
        for (int i = 0; i < n; i++) {
            t = i == 0 ? r.readZigZag() : t + r.readZigZag();
            ts[i] = t;
        }
        int[] lineLen = new int[n];
        int[] metaLen = new int[n];
        for (int i = 0; i < n; i++) {
            lineLen[i] = r.readVarInt();
        }
        for (int i = 0; i < n; i++) {
            metaLen[i] = r.readVarInt();
        }
        int[] lineOff = new int[n];
        int[] metaOff = new int[n];
        for (int i = 0; i < n; i++) {
            lineOff[i] = r.skip(lineLen[i]);
        }
        for (int i = 0; i < n; i++) {
            metaOff[i] = r.skip(metaLen[i]);
        }
        if (r.hasRemaining()) {
            throw new IllegalStateException("trailing bytes after entry " + n + " at " + r.position());
        }
        return new BlockData(n, ts, lineOff, lineLen, raw, metaOff, metaLen, raw, null);
    }
}
