package dev.clusterlog.core.entry;

import java.util.Objects;

/**
 * The origin of a batch for exactly-once delivery (DESIGN.md "Delivery"): a source (agent id plus
 * file identity) and the byte range {@code [startOffset, endOffset)} of that source the batch covers.
 * The store keeps, per source, the highest end offset it has made durable, in the same WAL record as
 * the data.
 */
public record SourceRange(String sourceId, long startOffset, long endOffset) {
    public SourceRange {
        Objects.requireNonNull(sourceId, "sourceId");
        if (sourceId.isEmpty() || sourceId.length() > 1024) {
            throw new IllegalArgumentException("sourceId must have 1..1024 characters, got " + sourceId.length());
        }
        if (startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException(
                    "source range must satisfy 0 <= start <= end, got [" + startOffset + ", " + endOffset + ")");
        }
    }
}
