package dev.clusterlog.agent.output;

import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.core.LabelSet;
import java.io.ByteArrayOutputStream;

/**
 * Encodes a batch as Loki's push JSON (PROTOCOLS.md §5.1): one stream with the batch's labels,
 * values {@code ["<ns>", "<line>", {"stream": "stdout", ...metadata}]}. Timestamps are strings.
 */
public final class LokiPushEncoder {
    private LokiPushEncoder() {
    }

    public static byte[] encode(Batch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                batch.lineBytes() + batch.size() * 64L + 256));
        JsonBytes.ascii(out, "{\"streams\":[{\"stream\":");
        labels(out, batch.labels);
        JsonBytes.ascii(out, ",\"values\":[");
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            JsonBytes.ascii(out, "[\"" + batch.epochNanos(i) + "\",");
            JsonBytes.string(out, batch.data(), batch.lineOffset(i), batch.lineLength(i));
            JsonBytes.ascii(out, ",{\"stream\":\"" + batch.stream(i).wireName() + "\"");
            String[] meta = batch.metadata(i);
            for (int m = 0; m + 1 < meta.length; m += 2) {
                out.write(',');
                JsonBytes.string(out, meta[m]);
                out.write(':');
                JsonBytes.string(out, meta[m + 1]);
            }
            JsonBytes.ascii(out, "}]");
        }
        JsonBytes.ascii(out, "]}]}");
        return out.toByteArray();
    }

    static void labels(ByteArrayOutputStream out, LabelSet labels) {
        out.write('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            JsonBytes.string(out, labels.name(i));
            out.write(':');
            JsonBytes.string(out, labels.value(i));
        }
        out.write('}');
    }
}
