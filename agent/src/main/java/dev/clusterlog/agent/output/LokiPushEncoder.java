package dev.clusterlog.agent.output;

import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.core.entry.LabelSet;

/**
 * Encodes a batch as Loki's push JSON (PROTOCOLS.md §5.1): one stream with the batch's labels,
 * values {@code ["<ns>", "<line>", {"stream": "stdout", ...metadata}]}. Timestamps are strings.
 */
public final class LokiPushEncoder {
    private LokiPushEncoder() {
    }

    public static byte[] encode(Batch batch) {
        ByteSink out = new ByteSink((int) Math.min(Integer.MAX_VALUE - 8, batch.lineBytes() + batch.size() * 80L + 256));
        out.ascii("{\"streams\":[{\"stream\":");
        labels(out, batch.labels);
        out.ascii(",\"values\":[");
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.ascii("[\"");
            out.ascii(Long.toString(batch.epochNanos(i)));
            out.ascii("\",");
            JsonBytes.string(out, batch.data(), batch.lineOffset(i), batch.lineLength(i));
            out.ascii(",{\"stream\":\"");
            out.ascii(batch.stream(i).wireName());
            out.write('"');
            String[] meta = batch.metadata(i);
            for (int m = 0; m + 1 < meta.length; m += 2) {
                out.write(',');
                JsonBytes.string(out, meta[m]);
                out.write(':');
                JsonBytes.string(out, meta[m + 1]);
            }
            out.ascii("}]");
        }
        out.ascii("]}]}");
        return out.toByteArray();
    }

    static void labels(ByteSink out, LabelSet labels) {
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
