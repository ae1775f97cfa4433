package dev.clusterlog.agent.buffer;

import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.agent.pipeline.BatchBuilder;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A batch as bytes for the disk buffer:
 * <pre>
 * batch  := sourceId:utf input:utf start:u64 end:u64 labelCount:u16 (name:utf value:utf){labelCount}
 *           count:i32 entry{count}
 * entry  := nanos:u64 stream:u8 lineLen:i32 line:byte{lineLen} metaCount:u16 (utf){metaCount}
 * </pre>
 * The handler state is not kept: a buffered batch is already acknowledged to its tailer.
 */
public final class BatchCodec {
    private BatchCodec() {
    }

    public static byte[] encode(Batch b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, b.lineBytes() + b.size() * 24L + 256));
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(b.sourceId);
        out.writeUTF(b.input);
        out.writeLong(b.startOffset);
        out.writeLong(b.endOffset);
        out.writeShort(b.labels.size());
        for (int i = 0; i < b.labels.size(); i++) {
            out.writeUTF(b.labels.name(i));
            out.writeUTF(b.labels.value(i));
        }
        out.writeInt(b.size());
        for (int i = 0; i < b.size(); i++) {
            out.writeLong(b.epochNanos(i));
            out.writeByte(b.stream(i).ordinal());
            out.writeInt(b.lineLength(i));
            out.write(b.data(), b.lineOffset(i), b.lineLength(i));
            String[] meta = b.metadata(i);
            out.writeShort(meta.length);
            for (String m : meta) {
                out.writeUTF(m);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    public static Batch decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        String sourceId = in.readUTF();
        String input = in.readUTF();
        long start = in.readLong();
        long end = in.readLong();
        int labelCount = in.readUnsignedShort();
        String[] pairs = new String[labelCount * 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = in.readUTF();
        }
        BatchBuilder b = new BatchBuilder(sourceId, input, LabelSet.of(pairs), start);
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            long nanos = in.readLong();
            LogStream stream = LogStream.values()[in.readUnsignedByte() & 1];
            byte[] line = in.readNBytes(in.readInt());
            String[] meta = new String[in.readUnsignedShort()];
            for (int m = 0; m < meta.length; m++) {
                meta[m] = in.readUTF();
            }
            b.add(nanos, stream, line, 0, line.length, meta.length == 0 ? null : meta);
        }
        return b.build(end, null);
    }
}
