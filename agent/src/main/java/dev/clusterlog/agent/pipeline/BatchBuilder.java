package dev.clusterlog.agent.pipeline;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.LogStream;
import java.util.Arrays;

/** Accumulates the entries of one source until the batch is cut; not thread-safe. */
public final class BatchBuilder {
    private final String sourceId;
    private final String input;
    private final LabelSet labels;
    private final long startOffset;
    private int count;
    private long[] nanos = new long[64];
    private byte[] streams = new byte[64];
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private byte[] data = new byte[8192];
    private int dataLength;
    private String[][] metadata;

    public BatchBuilder(String sourceId, String input, LabelSet labels, long startOffset) {
        this.sourceId = sourceId;
        this.input = input;
        this.labels = labels;
        this.startOffset = startOffset;
    }

    public void add(long epochNanos, LogStream stream, byte[] buf, int off, int len, String[] meta) {
        if (count == nanos.length) {
            int n = count * 2;
            nanos = Arrays.copyOf(nanos, n);
            streams = Arrays.copyOf(streams, n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            if (metadata != null) {
                metadata = Arrays.copyOf(metadata, n);
            }
        }
        if (dataLength + len > data.length) {
            data = Arrays.copyOf(data, Math.max(dataLength + len, data.length * 2));
        }
        System.arraycopy(buf, off, data, dataLength, len);
        nanos[count] = epochNanos;
        streams[count] = (byte) stream.ordinal();
        offsets[count] = dataLength;
        lengths[count] = len;
        if (meta != null && meta.length > 0) {
            if (metadata == null) {
                metadata = new String[nanos.length][];
            }
            metadata[count] = meta;
        }
        dataLength += len;
        count++;
    }

    public int count() {
        return count;
    }

    public int bytes() {
        return dataLength;
    }

    public long startOffset() {
        return startOffset;
    }

    public Batch build(long endOffset, byte[] stateAfter) {
        return new Batch(sourceId, input, labels, startOffset, endOffset, stateAfter, count, nanos, streams, offsets, lengths,
                Arrays.copyOf(data, dataLength), metadata);
    }
}
