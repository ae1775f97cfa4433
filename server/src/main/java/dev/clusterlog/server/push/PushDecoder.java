package dev.clusterlog.server.push;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.github.luben.zstd.ZstdInputStream;
import dev.clusterlog.core.entry.LabelSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decodes {@code POST /loki/api/v1/push} bodies as Loki does ({@code pkg/loghttp/push}):
 * JSON ({@code application/json}, optionally {@code ; charset=utf-8}) with {@code gzip},
 * {@code deflate} or {@code zstd} content encoding, and Loki's default, snappy-compressed protobuf
 * ({@code application/x-protobuf}, see {@link PushProtobufReader}). Timestamps must be strings of
 * Unix nanoseconds; a third value element is the entry's structured metadata (a flat object of
 * strings). Any error rejects the whole request, naming the field.
 *
 * <p>Thread-safe (stateless); the uncompressed body is bounded by {@code maxBodyBytes}.
 */
public final class PushDecoder {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private final long maxBodyBytes;

    public PushDecoder(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public List<PushStream> decode(String contentType, String contentEncoding, byte[] body) throws BadPushException {
        String type = mediaType(contentType);
        byte[] plain = decompress(contentEncoding, body);
        return switch (type) {
            case "application/json" -> decodeJson(plain);
            case "application/x-protobuf" -> PushProtobufReader.read(plain, contentEncoding == null || contentEncoding.isEmpty());
            default -> throw new BadPushException("Content-Type", "unsupported Content-Type " + quote(contentType)
                    + ": expected application/json or application/x-protobuf");
        };
    }

    private static String mediaType(String contentType) throws BadPushException {
        if (contentType == null || contentType.isBlank()) {
            throw new BadPushException("Content-Type", "missing Content-Type: expected application/json or application/x-protobuf");
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (!param.isEmpty() && !param.contains("=")) {
                throw new BadPushException("Content-Type", "malformed Content-Type parameter " + quote(param)
                        + " in " + quote(contentType) + ": expected name=value");
            }
        }
        return type;
    }

    private byte[] decompress(String encoding, byte[] body) throws BadPushException {
        String e = encoding == null ? "" : encoding.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            return switch (e) {
                case "", "identity" -> checkSize(body);
                case "gzip" -> readBounded(new GZIPInputStream(new ByteArrayInputStream(body)));
                case "deflate" -> readBounded(new InflaterInputStream(new ByteArrayInputStream(body)));
                case "zstd" -> readBounded(new ZstdInputStream(new ByteArrayInputStream(body)));
                case "snappy" -> throw new BadPushException("Content-Encoding",
                        "Content-Encoding snappy is not accepted: protobuf bodies are snappy block-compressed without"
                                + " a Content-Encoding; expected gzip, deflate, zstd or none");
                default -> throw new BadPushException("Content-Encoding", "unsupported Content-Encoding " + quote(encoding)
                        + ": expected gzip, deflate, zstd or none");
            };
        } catch (IOException ex) {
            throw new BadPushException("body", "cannot decompress the " + e + " body: " + ex.getMessage());
        }
    }

    private byte[] checkSize(byte[] body) throws BadPushException {
        if (body.length > maxBodyBytes) {
            throw new BadPushException("body", "request body of " + body.length + " bytes is over the limit of "
                    + maxBodyBytes + " bytes (server.max-push-bytes)");
        }
        return body;
    }

    private byte[] readBounded(InputStream in) throws IOException, BadPushException {
        try (in) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            return checkSize(out);
        }
    }

    static List<PushStream> decodeJson(byte[] body) throws BadPushException {
        List<PushStream> streams = new ArrayList<>();
        String where = "body";
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, where, "a JSON object {\"streams\": [...]}");
            boolean sawStreams = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!name.equals("streams")) {
                    p.skipChildren();
                    continue;
                }
                sawStreams = true;
                expect(v, JsonToken.START_ARRAY, "streams", "an array of streams");
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    streams.add(readStream(p, "streams[" + index + "]"));
                    index++;
                }
            }
            if (!sawStreams) {
                throw new BadPushException("streams", "the body has no \"streams\" field");
            }
        } catch (IOException e) {
            throw new BadPushException(where, "invalid JSON: " + firstLine(e.getMessage()));
        }
        return streams;
    }

    private static PushStream readStream(JsonParser p, String where) throws IOException, BadPushException {
        expect(p.currentToken(), JsonToken.START_OBJECT, where, "a stream object {\"stream\": {...}, \"values\": [...]}");
        Map<String, String> labels = null;
        List<Object[]> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "stream" -> labels = readStringMap(p, v, where + ".stream");
                case "values" -> {
                    expect(v, JsonToken.START_ARRAY, where + ".values", "an array of [\"<ns>\", \"<line>\"] values");
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        values.add(readValue(p, where + ".values[" + i + "]"));
                        i++;
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (labels == null) {
            throw new BadPushException(where + ".stream", "the stream has no \"stream\" labels");
        }
        if (labels.isEmpty()) {
            throw new BadPushException(where + ".stream", "error at least one label pair is required per stream");
        }
        PushStream stream = new PushStream(LabelSet.of(labels));
        for (Object[] v : values) {
            stream.add((Long) v[0], (byte[]) v[1], (String[]) v[2]);
        }
        return stream;
    }

    private static Object[] readValue(JsonParser p, String where) throws IOException, BadPushException {
        expect(p.currentToken(), JsonToken.START_ARRAY, where, "[\"<unix ns>\", \"<line>\"] or with a metadata object");
        expect(p.nextToken(), JsonToken.VALUE_STRING, where + "[0]", "the timestamp as a string of Unix nanoseconds");
        long ts = parseNanos(p.getText(), where + "[0]");
        expect(p.nextToken(), JsonToken.VALUE_STRING, where + "[1]", "the log line as a string");
        byte[] line = p.getText().getBytes(StandardCharsets.UTF_8);
        String[] metadata = null;
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, String> m = readStringMap(p, t, where + "[2]");
            metadata = new String[m.size() * 2];
            int i = 0;
            for (Map.Entry<String, String> e : m.entrySet()) {
                metadata[i++] = e.getKey();
                metadata[i++] = e.getValue();
            }
            t = p.nextToken();
        }
        expect(t, JsonToken.END_ARRAY, where, "at most 3 elements: timestamp, line, structured metadata");
        return new Object[] {ts, line, metadata};
    }

    private static Map<String, String> readStringMap(JsonParser p, JsonToken start, String where)
            throws IOException, BadPushException {
        expect(start, JsonToken.START_OBJECT, where, "an object of string values");
        Map<String, String> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            expect(v, JsonToken.VALUE_STRING, where + "." + k, "a string value");
            m.putIfAbsent(k, p.getText());
        }
        return m;
    }

    static long parseNanos(String s, String where) throws BadPushException {
        if (s.isEmpty() || s.length() > 19) {
            throw new BadPushException(where, "invalid timestamp " + quote(s) + ": expected Unix nanoseconds");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadPushException(where, "invalid timestamp " + quote(s) + ": expected Unix nanoseconds");
            }
            v = v * 10 + (c - '0');
            if (v < 0) {
                throw new BadPushException(where, "invalid timestamp " + quote(s) + ": out of range");
            }
        }
        return v;
    }

    private static void expect(JsonToken actual, JsonToken expected, String where, String what) throws BadPushException {
        if (actual != expected) {
            throw new BadPushException(where, where + ": expected " + what + ", found " + describe(actual));
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the body";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_ARRAY -> "the end of an array";
            case END_OBJECT -> "the end of an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    static String quote(String s) {
        return dev.clusterlog.core.text.GoStrings.quote(s == null ? "" : s);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
