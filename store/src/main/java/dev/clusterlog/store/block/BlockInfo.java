package dev.clusterlog.store.block;

import dev.clusterlog.core.entry.LabelSet;

/** Where a sealed block is and what it holds, as listed in its segment file and in the block index. */
public record BlockInfo(long segmentId, long offset, int length, LabelSet labels, int count, int rawLength,
                        long minTime, long maxTime) {
}
