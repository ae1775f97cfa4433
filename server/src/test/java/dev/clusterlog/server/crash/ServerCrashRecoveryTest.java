package dev.clusterlog.server.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance run: the real lines of ../shared/datasets pushed through
 * {@code /loki/api/v1/push} into a server in its own JVM, which is SIGKILLed while pushes are in
 * flight and again at the end; the client resends what was not acknowledged (batches name their
 * source range, so what the server had made durable is not stored twice). Every line must come
 * back once, byte-identical, in order, by {@code query_range} and by the pod-log endpoint.
 *
 * <p>Lines: {@code -Dclusterlog.crash.lines} (default 1,000,000), cycling through the datasets.
 */
class ServerCrashRecoveryTest {
    private static final int LINES = Integer.getInteger("clusterlog.crash.lines", 1_000_000);
    private static final int BATCH = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process server;
    private String url;

    @Test
    void everyAcknowledgedLineOnceInOrderAfterSigkills() throws Exception {
        List<String> lines = realLines(LINES);
        long t0 = System.currentTimeMillis() / 1000 * 1_000_000_000L - 3_600_000_000_000L;
        start();
        int batches = (lines.size() + BATCH - 1) / BATCH;
        boolean[] acked = new boolean[batches];
        AtomicInteger sent = new AtomicInteger();
        int killAt = batches / 2;
        for (int b = 0; b < batches; b++) {
            if (b == killAt) {
                // SIGKILL with a push in flight: its acknowledgement may be lost, the data may or may not be durable
                Thread pusher = Thread.ofPlatform().start(() -> push(lines, sent.get(), t0, acked));
                sent.set(b);
                server.destroyForcibly().waitFor();
                pusher.join();
                start();
            }
            push(lines, b, t0, acked);
            sent.set(b + 1);
        }
        for (int b = 0; b < batches; b++) {
            while (!acked[b]) {
                push(lines, b, t0, acked); // resend what has no acknowledgement: stored once either way
            }
        }
        server.destroyForcibly().waitFor();
        start();
        try {
            assertThat(podLog()).as("pod-log endpoint").isEqualTo(lines);
            assertThat(queryRange(t0, lines.size())).as("query_range").isEqualTo(lines);
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private void push(List<String> lines, int batch, long t0, boolean[] acked) {
        int from = batch * BATCH;
        int to = Math.min(lines.size(), from + BATCH);
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(1 << 20);
            try (JsonGenerator g = FACTORY.createGenerator(new GZIPOutputStream(raw))) {
                g.writeStartObject();
                g.writeArrayFieldStart("streams");
                g.writeStartObject();
                g.writeObjectFieldStart("stream");
                g.writeStringField("namespace", "default");
                g.writeStringField("pod", "crash");
                g.writeStringField("pod_uid", "u1");
                g.writeStringField("container", "app");
                g.writeStringField("restart", "0");
                g.writeEndObject();
                g.writeArrayFieldStart("values");
                for (int i = from; i < to; i++) {
                    g.writeStartArray();
                    g.writeString(Long.toString(t0 + i * 1000L));
                    g.writeString(lines.get(i));
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/loki/api/v1/push"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .header("X-Clusterlog-Source", "crash-test/lines").header("X-Clusterlog-Range", from + "-" + to)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(raw.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 204) {
                acked[batch] = true;
            }
        } catch (IOException e) {
            // the server was killed: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> podLog() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url
                + "/api/v1/namespaces/default/pods/crash/log")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> out = new ArrayList<>(LINES);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.add(line);
            }
        }
        return out;
    }

    /** Pages forward through the whole range, 5000 entries a request (Loki's default limit cap). */
    private List<String> queryRange(long t0, int count) throws Exception {
        List<String> out = new ArrayList<>(count);
        long start = t0;
        long end = t0 + count * 1000L + 1;
        String q = java.net.URLEncoder.encode("{pod=\"crash\"}", UTF_8);
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/loki/api/v1/query_range?query=" + q
                    + "&direction=forward&limit=5000&start=" + start + "&end=" + end)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode values = JSON.readTree(r.body()).at("/data/result/0/values");
            if (values.isMissingNode() || values.isEmpty()) {
                return out;
            }
            long last = start;
            for (JsonNode v : values) {
                out.add(v.get(1).asText());
                last = Long.parseLong(v.get(0).asText());
            }
            start = last + 1; // timestamps are distinct here
        }
    }

    private void start() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(javaBin, "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), ServerProcessMain.class.getName(), data.toString(), "127.0.0.1:0")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
            // start-up log lines
        }
        assertThat(line).as("server started").isNotNull();
        url = "http://127.0.0.1:" + line.substring(5).trim();
        Thread.ofVirtual().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** Real log lines from ../shared/datasets (text files, decoded leniently), cycled to {@code n}. */
    private static List<String> realLines(int n) throws IOException {
        Path root = Path.of(System.getProperty("clusterlog.shared", "../shared"), "datasets");
        List<String> seed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".log")
                    || p.toString().endsWith(".txt"))).sorted().toList()) {
                var decoder = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(f), decoder))) {
                    String l;
                    while ((l = r.readLine()) != null && seed.size() < n) {
                        if (!l.isEmpty() && l.indexOf('\r') < 0) {
                            seed.add(l);
                        }
                    }
                }
            }
        }
        assertThat(seed).as("real lines in " + root).hasSizeGreaterThan(10_000);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(seed.get(i % seed.size()));
        }
        return lines;
    }
}
