package dev.clusterlog.core.entry;

import dev.clusterlog.core.io.ByteReader;
import dev.clusterlog.core.io.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Log entries of one or more streams as columns: the one form entries have from the moment they
 * are read or decoded until they are in a head block (agent source, shipper, push decoder,
 * {@code LogStore.append}, WAL record, head block, live tail). A batch of any size costs a handful
 * of arrays, never an object per entry.
 *
 * <p>Layout. Streams are runs of entries: stream {@code s} has labels {@link #labels(int) labels(s)}
 * and entries {@code streamStart(s) <= i < streamEnd(s)}, in arrival order (not necessarily time
 * order). Entry {@code i} has a timestamp in nanoseconds since the epoch, its line bytes
 * {@code lineBuffer()[lineOffset(i), lineOffset(i) + lineLength(i))} (no trailing newline, any
 * bytes, kept exactly), and its structured metadata {@code metadataBuffer()[metadataOffset(i), +
 * metadataLength(i))} in the {@link StructuredMetadata} encoding (length 0: none). The same label
 * set may appear as more than one run.
 *
 * <p>Binary form, embedded in the WAL record and the agent's disk buffer (little-endian, varints
 * and strings as {@link ByteWriter}):
 * <pre>
 * batch  := streamCount:varint stream{streamCount}
 * stream := labels entryCount:varint entry{entryCount}
 * labels := {@link LabelSet#writeTo}
 * entry  := timestampNanos:i64 lineLength:varint line:byte[lineLength] metadataLength:varint metadata:byte[metadataLength]
 * </pre>
 *
 * <p>Immutable once built, so safe to share between threads; the arrays the accessors return are
 * the batch's own and must not be modified. {@link #selectStreams} gives views that share them.
 */
public final class EntryBatch {
    public static final EntryBatch EMPTY = new Builder().build();

    private final LabelSet[] labels;
    private final int[] streamFrom;
    private final int[] streamTo;
    private final int streamCount;
    private final long[] timestamps;
    private final int[] lineOffsets;
    private final int[] lineLengths;
    private final byte[] lines;
    /** Null when no entry of the batch has metadata. */
    private final int[] metaOffsets;
    private final int[] metaLengths;
    private final byte[] meta;
    private final int size;

    private EntryBatch(LabelSet[] labels, int[] streamFrom, int[] streamTo, int streamCount, long[] timestamps,
            int[] lineOffsets, int[] lineLengths, byte[] lines, int[] metaOffsets, int[] metaLengths, byte[] meta) {
        this.labels = labels;
        this.streamFrom = streamFrom;
        this.streamTo = streamTo;
        this.streamCount = streamCount;
        this.timestamps = timestamps;
        this.lineOffsets = lineOffsets;
        this.lineLengths = lineLengths;
        this.lines = lines;
        this.metaOffsets = metaOffsets;
        this.metaLengths = metaLengths;
        this.meta = meta;
        int n = 0;
        for (int s = 0; s < streamCount; s++) {
            n += streamTo[s] - streamFrom[s];
        }
        this.size = n;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int streamCount() {
        return streamCount;
    }

    public LabelSet labels(int stream) {
        return labels[checkStream(stream)];
    }

    /** Index of the stream's first entry. */
    public int streamStart(int stream) {
        return streamFrom[checkStream(stream)];
    }

    /** Index just past the stream's last entry. */
    public int streamEnd(int stream) {
        return streamTo[checkStream(stream)];
    }

    /** Entries in all streams. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long timestamp(int entry) {
        return timestamps[entry];
    }

    public byte[] lineBuffer() {
        return lines;
    }

    public int lineOffset(int entry) {
        return lineOffsets[entry];
    }

    public int lineLength(int entry) {
        return lineLengths[entry];
    }

    /** The line as text (invalid UTF-8 replaced); for messages and tests, not for the data path. */
    public String line(int entry) {
        return new String(lines, lineOffsets[entry], lineLengths[entry], StandardCharsets.UTF_8);
    }

    public byte[] metadataBuffer() {
        return meta;
    }

    public int metadataOffset(int entry) {
        return metaOffsets == null ? 0 : metaOffsets[entry];
    }

    public int metadataLength(int entry) {
        return metaOffsets == null ? 0 : metaLengths[entry];
    }

    /** The entry's structured metadata decoded as {@code name0, value0, ...}; empty when it has none. */
    public String[] metadata(int entry) {
        return StructuredMetadata.decode(meta, metadataOffset(entry), metadataLength(entry));
    }

    /** Bytes of all lines (Loki's ingestion byte count). */
    public long lineBytes() {
        long n = 0;
        for (int s = 0; s < streamCount; s++) {
            for (int i = streamFrom[s]; i < streamTo[s]; i++) {
                n += lineLengths[i];
            }
        }
        return n;
    }

    /** Bytes of all metadata in its encoded form. */
    public long metadataBytes() {
        if (metaOffsets == null) {
            return 0;
        }
        long n = 0;
        for (int s = 0; s < streamCount; s++) {
            for (int i = streamFrom[s]; i < streamTo[s]; i++) {
                n += metaLengths[i];
            }
        }
        return n;
    }

    /** Smallest and largest timestamp of the batch's entries; {@code {MAX, MIN}} when empty. */
    public long[] timeRange() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int s = 0; s < streamCount; s++) {
            for (int i = streamFrom[s]; i < streamTo[s]; i++) {
                min = Math.min(min, timestamps[i]);
                max = Math.max(max, timestamps[i]);
            }
        }
        return new long[] {min, max};
    }

    /** A view of the streams whose labels {@code keep} accepts, sharing this batch's columns. */
    public EntryBatch selectStreams(Predicate<LabelSet> keep) {
        LabelSet[] l = new LabelSet[streamCount];
        int[] from = new int[streamCount];
        int[] to = new int[streamCount];
        int n = 0;
        for (int s = 0; s < streamCount; s++) {
            if (keep.test(labels[s])) {
                l[n] = labels[s];
                from[n] = streamFrom[s];
                to[n] = streamTo[s];
                n++;
            }
        }
        if (n == streamCount) {
            return this;
        }
        return new EntryBatch(l, from, to, n, timestamps, lineOffsets, lineLengths, lines, metaOffsets, metaLengths, meta);
    }

    /** Writes the binary form (class javadoc). */
    public void writeTo(ByteWriter out) {
        out.ensure((int) Math.min(Integer.MAX_VALUE - 64, lineBytes() + metadataBytes() + 12L * size + 16));
        out.writeVarInt(streamCount);
        for (int s = 0; s < streamCount; s++) {
            labels[s].writeTo(out);
            out.writeVarInt(streamTo[s] - streamFrom[s]);
            for (int i = streamFrom[s]; i < streamTo[s]; i++) {
                out.writeLong(timestamps[i]);
                out.writeVarInt(lineLengths[i]);
                out.writeBytes(lines, lineOffsets[i], lineLengths[i]);
                int ml = metadataLength(i);
                out.writeVarInt(ml);
                if (ml > 0) {
                    out.writeBytes(meta, metaOffsets[i], ml);
                }
            }
        }
    }

    /**
     * Reads the binary form. Lines and metadata are not copied: the batch refers to
     * {@code in.buffer()}, which must not change while the batch is in use.
     *
     * @throws IllegalStateException naming the offset when the bytes do not follow the grammar
     */
    public static EntryBatch readFrom(ByteReader in) {
        byte[] buf = in.buffer();
        int streams = in.readVarInt();
        if (streams > in.remaining()) {
            throw new IllegalStateException("stream count " + streams + " exceeds the " + in.remaining()
                    + " bytes left at " + in.position());
        }
        LabelSet[] labels = new LabelSet[streams];
        int[] from = new int[streams];
        int[] to = new int[streams];
        long[] ts = new long[16];
        int[] lo = new int[16];
        int[] ll = new int[16];
        int[] mo = null;
        int[] ml = null;
        int count = 0;
        for (int s = 0; s < streams; s++) {
            labels[s] = LabelSet.readFrom(in);
            int n = in.readVarInt();
            if (n > in.remaining() / 10) { // an entry takes at least 10 bytes
                throw new IllegalStateException("entry count " + n + " exceeds the " + in.remaining()
                        + " bytes left at " + in.position());
            }
            from[s] = count;
            if (count + n > ts.length) {
                int cap = Math.max(count + n, ts.length * 2);
                ts = Arrays.copyOf(ts, cap);
                lo = Arrays.copyOf(lo, cap);
                ll = Arrays.copyOf(ll, cap);
                if (mo != null) {
                    mo = Arrays.copyOf(mo, cap);
                    ml = Arrays.copyOf(ml, cap);
                }
            }
            for (int k = 0; k < n; k++, count++) {
                ts[count] = in.readLong();
                int lineLength = in.readVarInt();
                lo[count] = in.skip(lineLength);
                ll[count] = lineLength;
                int metaLength = in.readVarInt();
                int metaAt = in.skip(metaLength);
                if (metaLength > 0) {
                    StructuredMetadata.check(buf, metaAt, metaLength);
                    if (mo == null) {
                        mo = new int[ts.length];
                        ml = new int[ts.length];
                    }
                    mo[count] = metaAt;
                    ml[count] = metaLength;
                }
            }
            to[s] = count;
        }
        return new EntryBatch(labels, from, to, streams, ts, lo, ll, buf, mo, ml, buf);
    }

    @Override
    public String toString() {
        return "EntryBatch[" + streamCount + " streams, " + size + " entries, " + lineBytes() + " line bytes]";
    }

    private int checkStream(int s) {
        if (s < 0 || s >= streamCount) {
            throw new IndexOutOfBoundsException("stream " + s + " of " + streamCount);
        }
        return s;
    }

    /**
     * Collects entries into a batch. Call {@link #stream} before the entries of a stream, then
     * {@link #add} per entry, each directly followed by its {@link #metadata} pairs (if any).
     * {@link #build()} hands the columns to the batch without copying and leaves the builder empty
     * and reusable. Not thread-safe.
     */
    public static final class Builder {
        private LabelSet[] labels;
        private int[] from;
        private int[] to;
        private int streams;
        private long[] ts;
        private int[] lo;
        private int[] ll;
        private byte[] lines;
        private int linesLength;
        private int[] mo;
        private int[] ml;
        private byte[] meta;
        private int metaLength;
        private int count;

        private Builder() {
            reset();
        }

        /** Drops everything collected so far. */
        public void reset() {
            labels = new LabelSet[4];
            from = new int[4];
            to = new int[4];
            streams = 0;
            ts = new long[16];
            lo = new int[16];
            ll = new int[16];
            lines = new byte[256];
            linesLength = 0;
            mo = null;
            ml = null;
            meta = new byte[0];
            metaLength = 0;
            count = 0;
        }

        /** Starts (or, for the same labels as the current stream, continues) a stream. */
        public Builder stream(LabelSet streamLabels) {
            if (streams > 0 && labels[streams - 1].equals(streamLabels)) {
                return this;
            }
            if (streams > 0 && to[streams - 1] == from[streams - 1]) {
                labels[streams - 1] = streamLabels; // the previous stream got no entries: replace it
                return this;
            }
            if (streams == labels.length) {
                labels = Arrays.copyOf(labels, streams * 2);
                from = Arrays.copyOf(from, streams * 2);
                to = Arrays.copyOf(to, streams * 2);
            }
            labels[streams] = streamLabels;
            from[streams] = count;
            to[streams] = count;
            streams++;
            return this;
        }

        /** Adds an entry to the current stream, copying {@code buf[off, off + len)}. */
        public Builder add(long timestampNanos, byte[] buf, int off, int len) {
            if (streams == 0) {
                throw new IllegalStateException("add: no stream started (call stream(labels) first)");
            }
            if (count == ts.length) {
                int cap = count * 2;
                ts = Arrays.copyOf(ts, cap);
                lo = Arrays.copyOf(lo, cap);
                ll = Arrays.copyOf(ll, cap);
                if (mo != null) {
                    mo = Arrays.copyOf(mo, cap);
                    ml = Arrays.copyOf(ml, cap);
                }
            }
            if (linesLength + len > lines.length) {
                lines = Arrays.copyOf(lines, Math.max(linesLength + len, lines.length * 2));
            }
            System.arraycopy(buf, off, lines, linesLength, len);
            ts[count] = timestampNanos;
            lo[count] = linesLength;
            ll[count] = len;
            linesLength += len;
            count++;
            to[streams - 1] = count;
            return this;
        }

        /** Adds an entry with metadata already in the {@link StructuredMetadata} encoding. */
        public Builder add(long timestampNanos, byte[] buf, int off, int len, byte[] metaBuf, int metaOff, int metaLen) {
            add(timestampNanos, buf, off, len);
            if (metaLen > 0) {
                int e = count - 1;
                ensureMetaColumns();
                ensureMeta(metaLen);
                System.arraycopy(metaBuf, metaOff, meta, metaLength, metaLen);
                mo[e] = metaLength;
                ml[e] = metaLen;
                metaLength += metaLen;
            }
            return this;
        }

        /** Adds an entry whose line is the UTF-8 of {@code line} (tests, messages). */
        public Builder add(long timestampNanos, String line) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            return add(timestampNanos, b, 0, b.length);
        }

        /** Adds a metadata pair to the entry added last. */
        public Builder metadata(String name, String value) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            return metadata(n, 0, n.length, v, 0, v.length);
        }

        /** Adds a metadata pair, given as UTF-8 bytes, to the entry added last. */
        public Builder metadata(byte[] name, int nameOff, int nameLen, byte[] value, int valueOff, int valueLen) {
            int e = count - 1;
            if (e < 0) {
                throw new IllegalStateException("metadata: no entry added yet");
            }
            ensureMetaColumns();
            if (ml[e] == 0) {
                mo[e] = metaLength;
                ensureMeta(1);
                meta[metaLength++] = 1;
            } else {
                if (mo[e] + ml[e] != metaLength) {
                    throw new IllegalStateException("metadata must directly follow its entry");
                }
                bumpPairCount(mo[e]);
            }
            ensureMeta(20 + nameLen + valueLen);
            metaLength = putVarInt(meta, metaLength, nameLen);
            System.arraycopy(name, nameOff, meta, metaLength, nameLen);
            metaLength += nameLen;
            metaLength = putVarInt(meta, metaLength, valueLen);
            System.arraycopy(value, valueOff, meta, metaLength, valueLen);
            metaLength += valueLen;
            ml[e] = metaLength - mo[e];
            return this;
        }

        public int size() {
            return count;
        }

        public int streamCount() {
            return streams;
        }

        /** Line bytes collected so far. */
        public long lineBytes() {
            return linesLength;
        }

        /** Line and metadata bytes collected so far. */
        public long bytes() {
            return linesLength + metaLength;
        }

        public EntryBatch build() {
            EntryBatch b = new EntryBatch(labels, from, to, streams, ts, lo, ll, lines, mo, ml, meta);
            reset();
            return b;
        }

        private void ensureMetaColumns() {
            if (mo == null) {
                mo = new int[ts.length];
                ml = new int[ts.length];
            }
        }

        private void ensureMeta(int extra) {
            if (metaLength + extra > meta.length) {
                meta = Arrays.copyOf(meta, Math.max(metaLength + extra, Math.max(64, meta.length * 2)));
            }
        }

        /** Increments the pair count varint at {@code at}, moving the pairs when the varint grows. */
        private void bumpPairCount(int at) {
            int p = at;
            int n = 0;
            int shift = 0;
            while (true) {
                int b = meta[p++] & 0xff;
                n |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
            }
            int oldSize = p - at;
            int newSize = varIntSize(n + 1);
            if (newSize != oldSize) {
                ensureMeta(newSize - oldSize);
                System.arraycopy(meta, p, meta, at + newSize, metaLength - p);
                metaLength += newSize - oldSize;
            }
            putVarInt(meta, at, n + 1);
        }

        private static int varIntSize(int v) {
            int n = 1;
            while ((v & ~0x7f) != 0) {
                v >>>= 7;
                n++;
            }
            return n;
        }

        private static int putVarInt(byte[] b, int at, int v) {
            while ((v & ~0x7f) != 0) {
                b[at++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            b[at++] = (byte) v;
            return at;
        }
    }
}
