package dev.clusterlog.store.block;

import dev.clusterlog.store.LogEntry;
import java.util.ArrayList;
import java.util.List;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.ByteReader;

/**
 * Entries of one stream as parallel arrays, read-only: a decoded sealed block or a snapshot of a head
 * block. Entry {@code i} in time order is physical entry {@code order == null ? i : order[i]}; lines
 * are {@code lines[lineOff[p], lineOff[p]+lineLen[p])}, metadata {@code meta[metaOff[p], +metaLen[p])}
 * encoded as {@code pairCount:varint (name:string value:string)*} (absent when the length is 0).
 */
public record BlockData(int count, long[] ts, int[] lineOff, int[] lineLen, byte[] lines, int[] metaOff,
                        int[] metaLen, byte[] meta, int[] order) {

    public int physical(int i) {
        return order == null ? i : order[i];
    }

    public long timeAt(int i) {
        return ts[physical(i)];
    }

    public long rawBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += lineLen[i] + metaLen[i];
        }
        return n;
    }

    /** The first index (time order) whose time is >= t. */
    public int lowerBound(long t) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timeAt(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public List<LogEntry.MetadataPair> metadata(int physical) {
        int n = metaLen[physical];
        if (n == 0) {
            return List.of();
        }
        ByteReader r = new ByteReader(meta, metaOff[physical], metaOff[physical] + n);
        int pairs = r.readVarInt();
        List<LogEntry.MetadataPair> out = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            out.add(new LogEntry.MetadataPair(r.readString(), r.readString()));
        }
        return out;
    }

    /** Encodes metadata pairs as stored in {@code meta}; nothing when the list is empty. */
    public static void encodeMetadata(List<LogEntry.MetadataPair> pairs, ByteWriter out) {
        if (pairs.isEmpty()) {
            return;
        }
        out.writeVarInt(pairs.size());
        for (LogEntry.MetadataPair p : pairs) {
            out.writeString(p.name());
            out.writeString(p.value());
        }
    }
}
