package dev.clusterlog.server.push;

import dev.clusterlog.core.entry.LabelSet;
import java.util.Arrays;

/**
 * One stream of a push request: its labels and its entries, kept in parallel arrays so that a
 * request of many entries costs a few arrays, not an object per entry. Structured metadata is
 * per entry a flat array {@code name0, value0, name1, value1, ...} or null.
 */
public final class PushStream {
    private final LabelSet labels;
    private long[] timestamps = new long[16];
    private byte[][] lines = new byte[16][];
    private String[][] metadata;
    private int size;

    public PushStream(LabelSet labels) {
        this.labels = labels;
    }

    public LabelSet labels() {
        return labels;
    }

    public int size() {
        return size;
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public byte[] line(int i) {
        return lines[i];
    }

    /** Structured metadata of entry {@code i} as name/value pairs, or null when it has none. */
    public String[] metadata(int i) {
        return metadata == null ? null : metadata[i];
    }

    public void add(long timestampNanos, byte[] line, String[] structuredMetadata) {
        if (size == timestamps.length) {
            int n = size * 2;
            timestamps = Arrays.copyOf(timestamps, n);
            lines = Arrays.copyOf(lines, n);
            if (metadata != null) {
                metadata = Arrays.copyOf(metadata, n);
            }
        }
        timestamps[size] = timestampNanos;
        lines[size] = line;
        if (structuredMetadata != null && structuredMetadata.length > 0) {
            if (metadata == null) {
                metadata = new String[timestamps.length][];
            }
            metadata[size] = structuredMetadata;
        }
        size++;
    }

    /** Bytes of the lines (Loki's ingestion byte count, structured metadata aside). */
    public long lineBytes() {
        long n = 0;
        for (int i = 0; i < size; i++) {
            n += lines[i].length;
        }
        return n;
    }

    /** Bytes of structured metadata names and values. */
    public long metadataBytes() {
        long n = 0;
        for (int i = 0; metadata != null && i < size; i++) {
            if (metadata[i] != null) {
                for (String s : metadata[i]) {
                    n += s.length();
                }
            }
        }
        return n;
    }
}
