package dev.clusterlog.server.push;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.core.entry.LabelSet;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.xerial.snappy.Snappy;

/** Loki's TestParseRequest cases (vectors/loki-push-api/push_request_cases.jsonl). */
class PushDecoderVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PushDecoder decoder = new PushDecoder(64 << 20);

    @TestFactory
    Stream<DynamicTest> lokiParseRequestCases() throws Exception {
        Path file = Path.of(System.getProperty("clusterlog.shared", "../shared"), "vectors/loki-push-api/push_request_cases.jsonl");
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            JsonNode c = JSON.readTree(line);
            n++;
            if (c.path("enableServiceDiscovery").asBoolean() || c.path("aggregatedMetric").asBoolean()
                    || "application/x-protobuf".equals(c.path("contentType").asText())) {
                continue; // Loki-specific service_name discovery; protobuf is built in Go (own test below)
            }
            tests.add(DynamicTest.dynamicTest("case " + n, () -> run(c)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        return tests.stream();
    }

    private void run(JsonNode c) throws Exception {
        byte[] body = body(c.get("body"));
        String type = c.path("contentType").asText();
        String encoding = c.path("contentEncoding").asText("");
        if (!c.get("valid").asBoolean()) {
            assertThatThrownBy(() -> decoder.decode(type, encoding, body)).isInstanceOf(BadPushException.class);
            return;
        }
        List<PushStream> streams = decoder.decode(type, encoding, body);
        List<Map<String, String>> labels = new ArrayList<>();
        for (PushStream s : streams) {
            labels.add(s.labels().toMap());
        }
        List<Map<String, String>> expected = new ArrayList<>();
        c.get("expectedLabels").forEach(l -> {
            Map<String, String> m = new TreeMap<>();
            l.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            expected.add(m);
        });
        assertThat(labels).isEqualTo(expected);
        long lines = 0;
        for (JsonNode v : c.get("expectedLines")) {
            lines += v.asLong();
        }
        assertThat(streams.stream().mapToLong(PushStream::size).sum()).isEqualTo(lines);
        long bytes = 0;
        boolean numeric = true;
        for (JsonNode v : c.get("expectedBytes")) {
            numeric &= v.isNumber();
            bytes += v.asLong();
        }
        if (numeric && !c.has("expectedStructuredMetadataBytes")) {
            assertThat(streams.stream().mapToLong(PushStream::lineBytes).sum()).isEqualTo(bytes);
        }
        if (c.path("expectedStructuredMetadataBytes").path("").isNumber()) {
            assertThat(streams.stream().mapToLong(PushStream::metadataBytes).sum())
                    .isEqualTo(c.get("expectedStructuredMetadataBytes").get("").asLong());
        }
    }

    private static byte[] body(JsonNode b) throws Exception {
        if (b.isTextual()) {
            return b.asText().getBytes(UTF_8);
        }
        if (b.has("sprintf")) {
            return b.get("sprintf").asText().replace("%d", Long.toString(System.currentTimeMillis() * 1_000_000L)).getBytes(UTF_8);
        }
        byte[] plain = b.get("plain").asText().getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var z = "gzip".equals(b.get("encode").asText()) ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void snappyProtobufPushRequest() throws Exception {
        // PushRequest{streams:[{labels:'{environment="prod", foo="bar2"}', entries:[{ts, "fizzbuzz", [trace_id=abc]}]}]}
        ByteArrayOutputStream pair = new ByteArrayOutputStream();
        field(pair, 1, "trace_id".getBytes(UTF_8));
        field(pair, 2, "abc".getBytes(UTF_8));
        ByteArrayOutputStream ts = new ByteArrayOutputStream();
        ts.write(1 << 3);
        varint(ts, 1570818238L);
        ts.write(2 << 3);
        varint(ts, 123);
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        field(entry, 1, ts.toByteArray());
        field(entry, 2, "fizzbuzz".getBytes(UTF_8));
        field(entry, 3, pair.toByteArray());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        field(stream, 1, "{environment=\"prod\", foo=\"bar2\"}".getBytes(UTF_8));
        field(stream, 2, entry.toByteArray());
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        field(request, 1, stream.toByteArray());

        List<PushStream> streams = decoder.decode("application/x-protobuf", "", Snappy.compress(request.toByteArray()));
        assertThat(streams).hasSize(1);
        PushStream s = streams.get(0);
        assertThat(s.labels()).isEqualTo(LabelSet.of("environment", "prod", "foo", "bar2"));
        assertThat(s.timestamp(0)).isEqualTo(1570818238_000000123L);
        assertThat(new String(s.line(0), UTF_8)).isEqualTo("fizzbuzz");
        assertThat(s.metadata(0)).containsExactly("trace_id", "abc");
    }

    @Test
    void errorsNameTheField() {
        String body = "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\"],[1570818238000000000,\"y\"]]}]}";
        assertThatThrownBy(() -> decoder.decode("application/json", "", body.getBytes(UTF_8)))
                .isInstanceOf(BadPushException.class)
                .hasMessage("streams[0].values[1][0]: expected the timestamp as a string of Unix nanoseconds, found a number")
                .extracting(e -> ((BadPushException) e).field()).isEqualTo("streams[0].values[1][0]");
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.write(number << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
