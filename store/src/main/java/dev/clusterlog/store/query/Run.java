package dev.clusterlog.store.query;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.store.block.BlockData;
import dev.clusterlog.store.block.BlockInfo;
import dev.clusterlog.store.block.SegmentFile;

/**
 * One time-ordered source of entries of one stream for a query: a head snapshot (opened at once) or
 * a sealed block (opened, that is read and decompressed, only when the merge reaches it).
 * {@code seqHigh, seqLow} order runs of a stream by arrival: sealed blocks by (segment id, offset),
 * then frozen heads, then live heads; that breaks timestamp ties in arrival order.
 */
public final class Run {
    final LabelSet labels;
    final long seqHigh;
    final long seqLow;
    final int id;
    final SegmentFile segment;
    final BlockInfo block;
    BlockData data;
    boolean head;
    int pos;
    int stop;
    long key;

    private Run(LabelSet labels, long seqHigh, long seqLow, int id, SegmentFile segment, BlockInfo block) {
        this.labels = labels;
        this.seqHigh = seqHigh;
        this.seqLow = seqLow;
        this.id = id;
        this.segment = segment;
        this.block = block;
    }

    /** A sealed block; the caller has acquired {@code segment} for the query, released at close. */
    public static Run sealed(SegmentFile segment, BlockInfo block, int id) {
        return new Run(block.labels(), block.segmentId(), block.offset(), id, segment, block);
    }

    /** A head snapshot; {@code seqHigh} is Long.MAX_VALUE for live heads, one less for frozen ones. */
    public static Run head(LabelSet labels, BlockData data, long seqHigh, int id) {
        Run r = new Run(labels, seqHigh, 0, id, null, null);
        r.data = data;
        r.head = true;
        return r;
    }

    /** The stream this run belongs to. */
    public LabelSet labels() {
        return labels;
    }

    /** The segment a sealed run reads (acquired for the query), null for a head. */
    public SegmentFile segment() {
        return segment;
    }

    boolean opened() {
        return data != null;
    }
}
