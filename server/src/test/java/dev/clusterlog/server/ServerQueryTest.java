package dev.clusterlog.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.store.StoreConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loki's query API on the real server: LogQL over the store, Loki's shapes. */
class ServerQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = System.currentTimeMillis() / 1000 * 1_000_000_000L;

    @TempDir
    Path data;

    private ClusterlogServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = ClusterlogServer.start(ServerConfig.defaults(data).withListen("127.0.0.1:0"), StoreConfig.defaults());
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String level = i % 10 == 0 ? "error" : "info";
            values.add("[\"" + (NOW - 60_000_000_000L + i * 100_000_000L) + "\",\"level=" + level + " n=" + i + "\"]");
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"web\",\"namespace\":\"x\",\"pod\":\"p1\"},\"values\":["
                + String.join(",", values) + "]},{\"stream\":{\"app\":\"db\",\"namespace\":\"x\",\"pod\":\"p2\"},"
                + "\"values\":[[\"" + NOW + "\",\"level=error n=db\"]]}]}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/loki/api/v1/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        return JSON.readTree(r.body());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void logQueryReturnsStreamsNewestFirst() throws Exception {
        JsonNode body = get("/loki/api/v1/query_range?query=" + q("{app=\"web\"} |= \"level=error\" | logfmt | n > 50")
                + "&limit=3&start=" + (NOW - 120_000_000_000L) + "&end=" + (NOW + 1), 200);
        assertThat(body.get("status").asText()).isEqualTo("success");
        assertThat(body.at("/data/resultType").asText()).isEqualTo("streams");
        // logfmt's labels (n) are part of each result stream's labels: one stream per line here
        List<JsonNode> values = new ArrayList<>();
        body.at("/data/result").forEach(s -> s.get("values").forEach(values::add));
        values.sort((a, b) -> b.get(0).asText().compareTo(a.get(0).asText()));
        assertThat(values.stream().map(v -> v.get(1).asText()).toList())
                .containsExactly("level=error n=90", "level=error n=80", "level=error n=70");
        assertThat(body.at("/data/result/0/stream/level").asText()).isEqualTo("error");
        assertThat(body.at("/data/stats/summary").isObject()).isTrue();
    }

    @Test
    void metricQueryCountsPerApp() throws Exception {
        JsonNode body = get("/loki/api/v1/query?query=" + q("sum by (app) (count_over_time({namespace=\"x\"} |= \"error\" [5m]))")
                + "&time=" + (NOW + 1), 200);
        assertThat(body.at("/data/resultType").asText()).isEqualTo("vector");
        java.util.Map<String, String> counts = new java.util.TreeMap<>();
        body.at("/data/result").forEach(s -> counts.put(s.at("/metric/app").asText(), s.at("/value/1").asText()));
        assertThat(counts).containsEntry("web", "10").containsEntry("db", "1");
    }

    @Test
    void labelsValuesAndSeries() throws Exception {
        String range = "&start=" + (NOW - 120_000_000_000L) + "&end=" + (NOW + 1);
        assertThat(get("/loki/api/v1/labels?x=1" + range, 200).get("data").toString())
                .isEqualTo("[\"app\",\"namespace\",\"pod\"]");
        assertThat(get("/loki/api/v1/label/app/values?x=1" + range, 200).get("data").toString()).isEqualTo("[\"db\",\"web\"]");
        JsonNode series = get("/loki/api/v1/series?match[]=" + q("{app=\"web\"}") + range, 200);
        assertThat(series.get("data").toString()).isEqualTo("[{\"app\":\"web\",\"namespace\":\"x\",\"pod\":\"p1\"}]");
    }

    @Test
    void badQueriesAnswer400WithTheReason() throws Exception {
        JsonNode e = get("/loki/api/v1/query_range?query=" + q("{app=\"web\"") , 400);
        assertThat(e.get("error").asText()).startsWith("parse error at line 1");
        JsonNode empty = get("/loki/api/v1/query_range?query=" + q("{app=~\".*\"}"), 400);
        assertThat(empty.get("error").asText()).contains("queries require at least one regexp or equality matcher");
        JsonNode inverted = get("/loki/api/v1/query_range?query=" + q("{app=\"web\"}") + "&start=" + NOW + "&end="
                + (NOW - 1_000_000_000L), 400);
        assertThat(inverted.get("error").asText()).contains("end timestamp must not be before");
        JsonNode limit = get("/loki/api/v1/query_range?query=" + q("{app=\"web\"}") + "&limit=100000", 400);
        assertThat(limit.get("error").asText()).contains("max_entries_limit_per_query");
    }

    @Test
    void tailDeliversNewLinesOverWebSocket() throws Exception {
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.url().replace("http", "ws")
                + "/loki/api/v1/tail?query=" + q("{app=\"db\"} |= \"tail\"") + "&start=" + (NOW - 1_000_000_000L)),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        w.request(1);
                        return null;
                    }
                }).get();
        String body = "{\"streams\":[{\"stream\":{\"app\":\"db\",\"namespace\":\"x\",\"pod\":\"p2\"},\"values\":[[\""
                + (System.currentTimeMillis() * 1_000_000L) + "\",\"tail me\"],[\"" + (System.currentTimeMillis() * 1_000_000L)
                + "\",\"not this\"]]}]}";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        http.send(HttpRequest.newBuilder(URI.create(server.url() + "/loki/api/v1/push")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        while (frames.stream().noneMatch(f -> f.contains("tail me")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        assertThat(frames).anyMatch(f -> f.contains("\"tail me\"")).noneMatch(f -> f.contains("not this"));
    }
}
