package dev.clusterlog.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSearch node process of {@link OpenSearchBaseline}: started as
 * {@code bench/opensearch/OpenSearchNodeMain.java} on a free loopback port with {@code -Xmx512m},
 * awaited until {@code _cluster/health} answers, spoken to over HTTP/1.1 (one connection), and
 * stopped with SIGTERM. Not thread-safe.
 */
final class OpenSearchNode implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private String base;
    private double startSeconds;
    private double startCpuSeconds;

    private OpenSearchNode() {
    }

    /** Starts the node with its home and log under {@code work} and returns once it answers HTTP. */
    static OpenSearchNode start(Path lib, Path nodeMain, Path work) throws IOException {
        OpenSearchNode node = new OpenSearchNode();
        node.launch(lib, nodeMain, work);
        return node;
    }

    private void launch(Path lib, Path nodeMain, Path work) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", lib + "/*", nodeMain.toString(), work.resolve("home").toString(), Integer.toString(port)));
        long t0 = System.nanoTime();
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("opensearch.log").toFile()).start();
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the OpenSearch node exited with " + process.exitValue() + " while starting; see "
                        + work.resolve("opensearch.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_cluster/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for OpenSearch", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("OpenSearch did not answer on " + base + " within " + START_TIMEOUT.toSeconds()
                        + " s; see " + work.resolve("opensearch.log"));
            }
            try {
                Thread.sleep(100); // polling a server that is starting: no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for OpenSearch", e);
            }
        }
        startSeconds = (System.nanoTime() - t0) / 1e9;
        startCpuSeconds = ProcessUsage.of(process.pid()).cpuSeconds();
    }

    void bulk(String index, ByteArrayOutputStream body) throws IOException {
        String answer = send("POST", "/" + index + "/_bulk?filter_path=errors,items.*.error",
                HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()), "application/x-ndjson");
        body.reset();
        JsonNode tree = json.readTree(answer);
        if (tree.path("errors").asBoolean(true)) {
            JsonNode first = tree.path("items").path(0);
            throw new IOException("OpenSearch _bulk reported errors; first: " + first);
        }
    }

    String request(String method, String path, String body) throws IOException {
        return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), "application/json");
    }

    private String send(String method, String path, HttpRequest.BodyPublisher body, String contentType) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                .header("Content-Type", contentType).method(method, body).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                String text = r.body();
                throw new IOException("OpenSearch " + method + " " + path + ": HTTP " + r.statusCode() + ": "
                        + text.substring(0, Math.min(500, text.length())));
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: OpenSearch " + method + " " + path, e);
        }
    }

    /** Stops the node (SIGTERM: its shutdown hook closes it), forcibly after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }


    long pid() {
        return process.pid();
    }

    /** Seconds from the node's process start to its first HTTP answer, and its CPU by then. */
    String startup() {
        return String.format(Locale.ROOT, "%.1f s, %.1f CPU-s", startSeconds, startCpuSeconds);
    }
}
