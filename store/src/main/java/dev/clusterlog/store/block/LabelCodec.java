package dev.clusterlog.store.block;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.ByteReader;

/** A label set as bytes: {@code pairCount:varint (name:string value:string)*}, names sorted. */
public final class LabelCodec {
    private LabelCodec() {
    }

    public static void write(LabelSet labels, ByteWriter out) {
        out.writeVarInt(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.writeString(labels.name(i));
            out.writeString(labels.value(i));
        }
    }

    public static byte[] encode(LabelSet labels) {
        ByteWriter w = new ByteWriter(64);
        write(labels, w);
        return w.toByteArray();
    }

    public static LabelSet read(ByteReader r) {
        int n = r.readVarInt();
        if (n > 4096) {
            throw new IllegalStateException("label count " + n + " over 4096");
        }
        String[] kv = new String[n * 2];
        for (int i = 0; i < kv.length; i++) {
            kv[i] = r.readString();
        }
        return LabelSet.of(kv);
    }

    public static LabelSet decode(byte[] b, int off, int len) {
        return read(new ByteReader(b, off, off + len));
    }
}
