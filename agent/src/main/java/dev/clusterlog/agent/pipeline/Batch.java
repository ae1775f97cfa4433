package dev.clusterlog.agent.pipeline;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entries of one source (one tailed stream, one label set) covering the source's bytes
 * {@code [startOffset, endOffset)}: the unit of delivery and of idempotency at the store
 * ({@code X-Clusterlog-Source}, {@code X-Clusterlog-Range}). Entries are columns over one byte
 * array, so a batch costs a few allocations whatever its entry count. Immutable once built.
 */
public final class Batch {
    public final String sourceId;
    /** The configured source (input) it came from, for metrics; may be empty. */
    public final String input;
    public final LabelSet labels;
    public final long startOffset;
    public final long endOffset;
    /** The handler state at {@code endOffset}, stored with the acknowledgement. */
    public final byte[] stateAfter;
    final int count;
    final long[] nanos;
    final byte[] streams;
    final int[] offsets;
    final int[] lengths;
    final byte[] data;
    /** Per-entry structured metadata beside {@code stream}, name/value pairs; null when none. */
    final String[][] metadata;

    Batch(String sourceId, String input, LabelSet labels, long startOffset, long endOffset, byte[] stateAfter, int count,
            long[] nanos, byte[] streams, int[] offsets, int[] lengths, byte[] data, String[][] metadata) {
        this.sourceId = sourceId;
        this.input = input;
        this.labels = labels;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
        this.stateAfter = stateAfter;
        this.count = count;
        this.nanos = nanos;
        this.streams = streams;
        this.offsets = offsets;
        this.lengths = lengths;
        this.data = data;
        this.metadata = metadata;
    }

    public int size() {
        return count;
    }

    public long epochNanos(int i) {
        return nanos[i];
    }

    public LogStream stream(int i) {
        return LogStream.values()[streams[i]];
    }

    public byte[] data() {
        return data;
    }

    public int lineOffset(int i) {
        return offsets[i];
    }

    public int lineLength(int i) {
        return lengths[i];
    }

    public String line(int i) {
        return new String(data, offsets[i], lengths[i], StandardCharsets.UTF_8);
    }

    /** Structured metadata of entry i beyond {@code stream}: name, value, name, value...; empty when none. */
    public String[] metadata(int i) {
        return metadata == null || metadata[i] == null ? new String[0] : metadata[i];
    }

    public long lineBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += lengths[i];
        }
        return n;
    }

    /** A batch built by hand (tests, other sources). */
    public static Batch of(String sourceId, LabelSet labels, long start, long end, List<Map.Entry<Long, String>> lines) {
        BatchBuilder b = new BatchBuilder(sourceId, "", labels, start);
        for (Map.Entry<Long, String> e : lines) {
            byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
            b.add(e.getKey(), LogStream.STDOUT, bytes, 0, bytes.length, null);
        }
        return b.build(end, null);
    }

    @Override
    public String toString() {
        return "Batch[" + sourceId + " " + startOffset + "-" + endOffset + " " + count + " entries " + labels + "]";
    }

    static long[] grow(long[] a, int n) {
        return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }
}
