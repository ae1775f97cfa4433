package dev.clusterlog.store.wal;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.core.entry.SourceRange;
import dev.clusterlog.store.StreamEntries;
import dev.clusterlog.store.block.BlockData;
import dev.clusterlog.core.io.ByteReader;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.store.block.LabelCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of one WAL record: one append, data and source high-water mark together, so that both
 * become durable at once.
 * <pre>
 * payload := TYPE_APPEND:u8 tenant:string hasSource:u8 [sourceId:string start:i64 end:i64]
 *            streamCount:varint stream*
 * stream  := labels:{@link LabelCodec} entryCount:varint entry*
 * entry   := timestampNanos:i64 lineLen:varint line:bytes metaLen:varint meta:bytes   (meta as in BlockData)
 * string  := byteLength:varint utf8:bytes
 * </pre>
 */
public record WalRecord(String tenant, SourceRange source, List<StreamEntries> streams) {
    public static final int TYPE_APPEND = 1;

    public static void encode(String tenant, SourceRange source, List<StreamEntries> streams, ByteWriter out) {
        out.writeByte(TYPE_APPEND);
        out.writeString(tenant);
        out.writeByte(source == null ? 0 : 1);
        if (source != null) {
            out.writeString(source.sourceId());
            out.writeLong(source.startOffset());
            out.writeLong(source.endOffset());
        }
        out.writeVarInt(streams.size());
        ByteWriter meta = new ByteWriter(64);
        for (StreamEntries s : streams) {
            LabelCodec.write(s.labels(), out);
            out.writeVarInt(s.entries().size());
            for (LogEntry e : s.entries()) {
                out.writeLong(e.timestampNanos());
                out.writeVarInt(e.line().length);
                out.writeBytes(e.line(), 0, e.line().length);
                meta.reset();
                BlockData.encodeMetadata(e.metadata(), meta);
                out.writeVarInt(meta.length());
                out.writeBytes(meta.array(), 0, meta.length());
            }
        }
    }

    /** Decodes a payload; IllegalStateException when it does not follow the grammar. */
    public static WalRecord decode(byte[] b, int off, int len) {
        ByteReader r = new ByteReader(b, off, off + len);
        int type = r.readByte();
        if (type != TYPE_APPEND) {
            throw new IllegalStateException("unknown record type " + type);
        }
        String tenant = r.readString();
        SourceRange source = null;
        if (r.readByte() == 1) {
            source = new SourceRange(r.readString(), r.readLong(), r.readLong());
        }
        int n = r.readVarInt();
        List<StreamEntries> streams = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            LabelSet labels = LabelCodec.read(r);
            int count = r.readVarInt();
            List<LogEntry> entries = new ArrayList<>(Math.min(count, 65536));
            for (int j = 0; j < count; j++) {
                long t = r.readLong();
                int lineLen = r.readVarInt();
                int at = r.skip(lineLen);
                byte[] line = new byte[lineLen];
                System.arraycopy(b, at, line, 0, lineLen);
                int metaLen = r.readVarInt();
                int metaAt = r.skip(metaLen);
                List<LogEntry.MetadataPair> meta = List.of();
                if (metaLen > 0) {
                    ByteReader mr = new ByteReader(b, metaAt, metaAt + metaLen);
                    int pairs = mr.readVarInt();
                    meta = new ArrayList<>(pairs);
                    for (int k = 0; k < pairs; k++) {
                        meta.add(new LogEntry.MetadataPair(mr.readString(), mr.readString()));
                    }
                }
                entries.add(new LogEntry(t, line, meta));
            }
            streams.add(new StreamEntries(labels, entries));
        }
        if (r.hasRemaining()) {
            throw new IllegalStateException("trailing bytes at " + r.position());
        }
        return new WalRecord(tenant, source, streams);
    }
}
