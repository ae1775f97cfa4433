package dev.clusterlog.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kubectl-clusterlog through the machine's real kubectl: kubectl finds it on the PATH
 * ({@code kubectl plugin list}) and runs it as {@code kubectl clusterlog}, which runs the
 * repository's clusterlog launcher against a real server holding five instances of a container.
 */
class KubectlPluginTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("clusterlog.repository", "..")).toAbsolutePath();
    private static final Path BIN = REPOSITORY.resolve("bin");

    @TempDir
    Path data;
    @TempDir
    Path home;

    private ClusterlogServer server;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(DeployRenderTest.onPath("kubectl"), "kubectl is not on the PATH: the plugin test needs the real one");
        server = ClusterlogServer.start(ServerConfig.defaults(data).withListen("127.0.0.1:0"), StoreConfig.defaults());
        long now = System.currentTimeMillis() * 1_000_000L;
        List<String> streams = new ArrayList<>();
        for (int restart = 0; restart <= 4; restart++) {
            long ts = now + restart * 1_000_000L;
            streams.add("{\"stream\":{\"namespace\":\"default\",\"pod\":\"counter\",\"pod_uid\":\"u1\",\"container\":"
                    + "\"count\",\"restart\":\"" + restart + "\"},\"values\":[[\"" + ts + "\",\"instance " + restart
                    + " line 0\"],[\"" + (ts + 1) + "\",\"instance " + restart + " line 1\"]]}");
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/loki/api/v1/push")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"streams\":[" + String.join(",", streams) + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void kubectlListsThePlugin() throws Exception {
        Result r = kubectl(Map.of(), "plugin", "list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains(BIN.resolve("kubectl-clusterlog").toString());
    }

    @Test
    void logsOfAnInstanceThreeBackThroughTheServerNamedInTheEnvironment() throws Exception {
        Result r = kubectl(Map.of("CLUSTERLOG_SERVER", server.url()), "clusterlog", "logs", "counter", "-p=3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("instance 1 line 0\ninstance 1 line 1\n");

        r = kubectl(Map.of(), "clusterlog", "logs", "counter", "--server", server.url(), "--tail", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("instance 4 line 1\n");

        r = kubectl(Map.of("CLUSTERLOG_SERVER", server.url()), "clusterlog", "logs", "counter", "-p=7");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "Error from server (BadRequest): previous terminated container \"count\" in pod \"counter\" not found\n");
    }

    @Test
    void withoutAServerItPortForwardsAndSaysWhyThatFailed() throws Exception {
        // no kubeconfig and no cluster here: kubectl port-forward fails, and the plugin says so in one line
        Result r = kubectl(Map.of(), "clusterlog", "logs", "counter");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("kubectl clusterlog: kubectl port-forward -n logging svc/clusterlog-server failed: ")
                .endsWith("(set CLUSTERLOG_SERVER or pass --server to name the server)\n");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void helpNamesTheServerRulesThenTheCli() throws Exception {
        Result r = kubectl(Map.of(), "clusterlog", "--help");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("kubectl clusterlog: ").contains("CLUSTERLOG_SERVER").contains("Usage: clusterlog");
    }

    /** kubectl with bin/ first on the PATH, a home of its own and a kubeconfig that names no cluster. */
    private Result kubectl(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("CLUSTERLOG_SERVER");
        pb.environment().put("PATH", BIN + ":" + System.getenv("PATH"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("KUBECONFIG", home.resolve("no-kubeconfig").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("kubectl %s ended", String.join(" ", args)).isTrue();
        return new Result(p.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
