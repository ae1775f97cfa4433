package dev.clusterlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import picocli.CommandLine;

/** {@code clusterlog logs} through the cluster: the real server on a random port answers. */
class LogsServerModeTest {
    @TempDir
    Path data;

    private ClusterlogServer server;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private StringWriter stderr;

    @BeforeEach
    void start() throws Exception {
        server = ClusterlogServer.start(ServerConfig.defaults(data).withListen("127.0.0.1:0"), StoreConfig.defaults());
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true));
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = "{\"streams\":[" + stream("count", 0, now, "0: a", "1: b") + "," + stream("count", 1, now + 10, "0: c")
                + "," + stream("count-log-1", 0, now, "side") + "]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                + "/loki/api/v1/push")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
    }

    @AfterEach
    void stop() throws Exception {
        System.setOut(originalOut);
        server.close();
    }

    private static String stream(String container, int restart, long ts, String... lines) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            values.add("[\"" + (ts + i) + "\",\"" + lines[i] + "\"]");
        }
        return "{\"stream\":{\"namespace\":\"default\",\"pod\":\"counter\",\"pod_uid\":\"u1\",\"container\":\"" + container
                + "\",\"restart\":\"" + restart + "\"},\"values\":[" + String.join(",", values) + "]}";
    }

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        stderr = new StringWriter();
        cl.setErr(new PrintWriter(stderr, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(server.url());
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void defaultContainerPreviousAndAllContainers() {
        assertThat(run("logs", "counter")).isZero();
        assertThat(stdout.toString(UTF_8)).isEqualTo("0: c\n");
        assertThat(stderr.toString()).isEqualTo("Defaulted container \"count\" out of: count, count-log-1\n");

        stdout.reset();
        assertThat(run("logs", "counter", "-c", "count", "-p")).isZero();
        assertThat(stdout.toString(UTF_8)).isEqualTo("0: a\n1: b\n");

        stdout.reset();
        assertThat(run("logs", "counter", "--all-containers", "--prefix")).isZero();
        assertThat(stdout.toString(UTF_8)).isEqualTo("[pod/counter/count] 0: c\n[pod/counter/count-log-1] side\n");
    }

    @Test
    void serverErrorsAsKubectlPrintsThem() {
        assertThat(run("logs", "missing")).isEqualTo(1);
        assertThat(stderr.toString()).isEqualTo("Error from server (NotFound): pods \"missing\" not found\n");
        assertThat(run("logs", "counter", "-c", "count", "--previous=2")).isEqualTo(1);
        assertThat(stderr.toString()).isEqualTo(
                "Error from server (BadRequest): previous terminated container \"count\" in pod \"counter\" not found\n");
        assertThat(run("logs", "counter", "-c", "nope")).isEqualTo(1);
        assertThat(stderr.toString()).isEqualTo("Error from server (BadRequest): container nope is not valid for pod counter\n");
    }

    @Test
    void queryPrintsLogLinesOldestFirstAndMetricTables() {
        assertThat(run("query", "{pod=\"counter\", container=\"count\"}", "--output", "raw")).isZero();
        assertThat(stdout.toString(UTF_8)).isEqualTo("0: a\n1: b\n0: c\n");

        stdout.reset();
        assertThat(run("query", "sum by (container) (count_over_time({pod=\"counter\"}[1h]))", "--step", "1h"))
                .isZero();
        assertThat(stdout.toString(UTF_8)).contains("{container=\"count\"}").contains("{container=\"count-log-1\"}");

        assertThat(run("query", "{pod=~\".*\"}")).isEqualTo(1);
        assertThat(stderr.toString()).contains("queries require at least one regexp or equality matcher");
    }

    @Test
    void selectorPicksPodsByStreamLabels() {
        assertThat(run("logs", "-l", "pod=counter", "--all-containers", "--prefix")).isZero();
        assertThat(stdout.toString(UTF_8)).isEqualTo("[pod/counter/count] 0: c\n[pod/counter/count-log-1] side\n");
        stdout.reset();
        assertThat(run("logs", "-l", "pod=nothing")).isZero();
        assertThat(stderr.toString()).isEqualTo("No resources found in default namespace.\n");
    }
}
