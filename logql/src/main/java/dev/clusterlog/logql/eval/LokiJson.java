package dev.clusterlog.logql.eval;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.clusterlog.core.entry.LabelSet;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;

/**
 * Writes query results in Loki's HTTP JSON shape:
 * {@code {"status":"success","data":{"resultType":"...","result":[...],"stats":{...}}}}.
 * Stream values are {@code ["<ns>","<line>"]}; vector and matrix values are
 * {@code [<unix seconds, millisecond precision, as a number>,"<value>"]}; values print as Go's
 * {@code strconv.FormatFloat(v,'f',-1,64)} ({@code NaN}, {@code +Inf}, {@code -Inf}).
 */
public final class LokiJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private LokiJson() {
    }

    public static void write(QueryResult qr, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeObjectFieldStart("data");
            g.writeStringField("resultType", qr.result().resultType());
            g.writeFieldName("result");
            result(g, qr.result());
            g.writeFieldName("stats");
            stats(g, qr.stats());
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** A streams result as Loki writes it: {@code [{"stream":{...},"values":[["<ns>","<line>"],...]},...]}. */
    public static void writeStreams(JsonGenerator g, Result.Streams s) throws IOException {
        result(g, s);
    }

    private static void result(JsonGenerator g, Result r) throws IOException {
        switch (r) {
            case Result.Streams s -> {
                g.writeStartArray();
                for (Result.Stream st : s.streams()) {
                    g.writeStartObject();
                    g.writeFieldName("stream");
                    labels(g, st.labels());
                    g.writeArrayFieldStart("values");
                    for (Result.LogLine l : st.values()) {
                        g.writeStartArray();
                        g.writeString(Long.toString(l.timestampNanos()));
                        g.writeString(l.line());
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case Result.Matrix m -> {
                g.writeStartArray();
                for (Result.Series s : m.series()) {
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    labels(g, s.labels());
                    g.writeArrayFieldStart("values");
                    for (Result.Point p : s.points()) {
                        point(g, p.timestampNanos(), p.value());
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case Result.Vector v -> {
                g.writeStartArray();
                for (Result.Sample s : v.samples()) {
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    labels(g, s.labels());
                    g.writeFieldName("value");
                    point(g, s.timestampNanos(), s.value());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case Result.Scalar s -> point(g, s.timestampNanos(), s.value());
        }
    }

    private static void labels(JsonGenerator g, LabelSet labels) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    private static void point(JsonGenerator g, long nanos, double value) throws IOException {
        g.writeStartArray();
        g.writeNumber(seconds(nanos));
        g.writeString(formatValue(value));
        g.writeEndArray();
    }

    /** Unix seconds with millisecond precision, trailing zeros dropped, as Prometheus' model.Time prints. */
    public static String seconds(long nanos) {
        long millis = Math.floorDiv(nanos, 1_000_000L);
        long secs = Math.floorDiv(millis, 1000);
        long ms = Math.floorMod(millis, 1000);
        if (ms == 0) {
            return Long.toString(secs);
        }
        String frac = String.format("%03d", ms).replaceAll("0+$", "");
        return secs + "." + frac;
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static void stats(JsonGenerator g, QueryStats s) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("ingester");
        for (String f : new String[] {"compressedBytes", "decompressedBytes", "decompressedLines", "headChunkBytes",
            "headChunkLines", "totalBatches", "totalChunksMatched", "totalDuplicates", "totalLinesSent",
            "totalReached"}) {
            g.writeNumberField(f, 0);
        }
        g.writeEndObject();
        g.writeObjectFieldStart("store");
        g.writeNumberField("compressedBytes", 0);
        g.writeNumberField("decompressedBytes", s.totalBytesProcessed());
        g.writeNumberField("decompressedLines", s.totalLinesProcessed());
        g.writeNumberField("chunksDownloadTime", 0);
        g.writeNumberField("totalChunksRef", 0);
        g.writeNumberField("totalChunksDownloaded", 0);
        g.writeNumberField("totalDuplicates", 0);
        g.writeEndObject();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("bytesProcessedPerSecond", s.bytesProcessedPerSecond());
        g.writeNumberField("execTime", s.execTimeNanos() / 1e9);
        g.writeNumberField("linesProcessedPerSecond", s.linesProcessedPerSecond());
        g.writeNumberField("queueTime", 0);
        g.writeNumberField("totalBytesProcessed", s.totalBytesProcessed());
        g.writeNumberField("totalLinesProcessed", s.totalLinesProcessed());
        g.writeEndObject();
        g.writeEndObject();
    }
}
