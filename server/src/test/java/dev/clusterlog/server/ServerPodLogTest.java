package dev.clusterlog.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on a random port: Loki pushes in, Kubernetes pod-log reads out. */
class ServerPodLogTest {
    @TempDir
    Path data;

    /** Recent, whole seconds: entries older than the retention are refused. */
    private static final long NOW = System.currentTimeMillis() / 1000 * 1_000_000_000L;

    private ClusterlogServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = ClusterlogServer.start(ServerConfig.defaults(data).withListen("127.0.0.1:0"), StoreConfig.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> push(String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/loki/api/v1/push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String stream(String container, int restart, String uid, long firstTs, String... lines) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            values.add("[\"" + (firstTs + i) + "\",\"" + lines[i] + "\",{\"stream\":\"" + (i % 2 == 0 ? "stdout" : "stderr")
                    + "\"}]");
        }
        return "{\"stream\":{\"namespace\":\"default\",\"pod\":\"counter\",\"pod_uid\":\"" + uid + "\",\"container\":\""
                + container + "\",\"restart\":\"" + restart + "\"},\"values\":[" + String.join(",", values) + "]}";
    }

    @Test
    void podLogCurrentPreviousTailAndErrors() throws Exception {
        long t = NOW;
        HttpResponse<String> r = push("{\"streams\":[" + stream("count", 0, "u1", t, "0: a", "1: b") + ","
                + stream("count", 1, "u1", t + 100, "0: c", "1: d", "2: e") + ","
                + stream("side", 0, "u1", t, "s") + "]}");
        assertThat(r.statusCode()).isEqualTo(204);

        String base = "/api/v1/namespaces/default/pods/counter/log";
        assertThat(get(base + "?container=count").body()).isEqualTo("0: c\n1: d\n2: e\n");
        assertThat(get(base + "?container=count&previous=true").body()).isEqualTo("0: a\n1: b\n");
        assertThat(get(base + "?container=count&tailLines=2").body()).isEqualTo("1: d\n2: e\n");
        assertThat(get(base + "?container=count&limitBytes=6").body()).isEqualTo("0: c\n1");
        assertThat(get(base + "?container=count&stream=Stderr").body()).isEqualTo("1: d\n");
        assertThat(get(base + "?container=count&timestamps=true&tailLines=1").body())
                .isEqualTo(dev.clusterlog.core.time.Rfc3339.formatFixed(t + 102, 0) + " 2: e\n");

        HttpResponse<String> noContainer = get(base);
        assertThat(noContainer.statusCode()).isEqualTo(400);
        assertThat(noContainer.body()).contains("\"message\":\"a container name must be specified for pod counter, choose one of: [count side]\"")
                .contains("\"kind\":\"Status\"").contains("\"reason\":\"BadRequest\"");
        assertThat(get(base + "?container=side&previous=true").body())
                .contains("previous terminated container \\\"side\\\" in pod \\\"counter\\\" not found");
        assertThat(get(base + "?container=nope").body()).contains("container nope is not valid for pod counter");
        HttpResponse<String> missing = get("/api/v1/namespaces/default/pods/missing/log");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("pods \\\"missing\\\" not found");
        assertThat(get(base + "?container=count&tailLines=-1").body())
                .contains("tailLines: Invalid value: -1: must be greater than or equal to 0");
        assertThat(get(base + "?container=count&sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z").body())
                .contains("at most one of `sinceTime` or `sinceSeconds` may be specified");
    }

    @Test
    void newestPodOfANameAnswers() throws Exception {
        long t = NOW;
        push("{\"streams\":[" + stream("c", 0, "old", t, "old pod") + "," + stream("c", 0, "new", t + 1000, "new pod") + "]}");
        assertThat(get("/api/v1/namespaces/default/pods/counter/log").body()).isEqualTo("new pod\n");
    }

    @Test
    void sourceRangesAreStoredOnce() throws Exception {
        String body = "{\"streams\":[" + stream("c", 0, "u", NOW, "once") + "]}";
        assertThat(push(body, "X-Clusterlog-Source", "agent-1/f1", "X-Clusterlog-Range", "0-10").statusCode()).isEqualTo(204);
        HttpResponse<String> again = push(body, "X-Clusterlog-Source", "agent-1/f1", "X-Clusterlog-Range", "0-10");
        assertThat(again.statusCode()).isEqualTo(204);
        assertThat(again.headers().firstValue("X-Clusterlog-Duplicate")).hasValue("true");
        HttpResponse<String> overlap = push(body, "X-Clusterlog-Source", "agent-1/f1", "X-Clusterlog-Range", "5-20");
        assertThat(overlap.statusCode()).isEqualTo(409);
        assertThat(overlap.headers().firstValue("X-Clusterlog-High-Water-Mark")).hasValue("10");
        assertThat(get("/api/v1/namespaces/default/pods/counter/log").body()).isEqualTo("once\n");
    }

    @Test
    void malformedPushIsRejectedWhole() throws Exception {
        HttpResponse<String> r = push("{\"streams\":[" + stream("c", 0, "u", 1, "kept?") + ",{\"stream\":{\"a\":\"b\"},\"values\":[[1,\"x\"]]}]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"detail\":\"streams[1].values[0][0]\"");
        assertThat(get("/api/v1/namespaces/default/pods/counter/log").statusCode()).isEqualTo(404);
        assertThat(get("/metrics").body()).contains("clusterlog_push_rejected_total 1");
        assertThat(get("/ready").body()).isEqualTo("ready");
    }
}
