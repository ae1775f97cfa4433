package dev.clusterlog.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.core.io.FileTrees;
import dev.clusterlog.server.ClusterlogServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Freshness: the time from a line appended to a container log file under a node root to the
 * first {@code GET /loki/api/v1/query_range} of the server that returns it, with the clusterlog
 * agent (its own JVM, default configuration: poll 250 ms, batch wait 1 s) tailing the node root
 * and pushing to a {@link ClusterlogServer} in this JVM. Lines are written {@value #GAP_MILLIS} ms
 * apart (CRI format, one {@code F} record each, flushed); one query every
 * {@value #POLL_MILLIS} ms asks for all of them and records when each first appears.
 */
public final class FreshnessBenchmark {
    private static final long GAP_MILLIS = 50;
    private static final long POLL_MILLIS = 10;

    /** @param millis per line, sorted; missing lines make {@code seen < lines} */
    public record Result(int lines, int seen, double p50Millis, double p99Millis, double maxMillis) {
        public boolean allSeen() {
            return seen == lines;
        }
    }

    private FreshnessBenchmark() {
    }

    public static Result run(Path work, int lines, double timeoutSeconds) throws IOException, InterruptedException {
        FileTrees.deleteRecursively(work);
        Path nodeRoot = work.resolve("node");
        Path dir = nodeRoot.resolve("pods/fresh_writer_0f0f0f0f-0000-4000-8000-000000000001/app");
        Files.createDirectories(dir);
        Path file = dir.resolve("0.log");
        Files.createFile(file);
        long[] written = new long[lines];
        long[] seen = new long[lines];
        int seenCount = 0;
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        try (ClusterlogServer server = ClusterlogAgent.startServer(work.resolve("server"));
                ProcessAgent agent = new ProcessAgent(ClusterlogAgent.command(nodeRoot, work.resolve("state"),
                        List.of("--server", server.url())), Map.of(), work, "clusterlog-freshness");
                OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            long begin = System.currentTimeMillis();
            String query = URLEncoder.encode("{namespace=\"fresh\"}", StandardCharsets.UTF_8);
            // the agent JVM starts and finds the file: wait for a first line before timing
            out.write(criLine("warm-up"));
            out.flush();
            long warmDeadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
            while (!contains(fetch(http, json, server, query, begin), "warm-up") && System.nanoTime() < warmDeadline) {
                Thread.sleep(POLL_MILLIS);
            }
            int next = 0;
            long nextWrite = System.nanoTime();
            long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9) + lines * GAP_MILLIS * 1_000_000L;
            while (seenCount < lines && System.nanoTime() < deadline && agent.isAlive()) {
                long now = System.nanoTime();
                if (next < lines && now >= nextWrite) {
                    out.write(criLine("fresh-" + next + " "));
                    out.flush();
                    written[next++] = System.nanoTime();
                    nextWrite += GAP_MILLIS * 1_000_000L;
                }
                JsonNode values = fetch(http, json, server, query, begin);
                long at = System.nanoTime();
                for (JsonNode stream : values) {
                    for (JsonNode v : stream.path("values")) {
                        String line = v.path(1).asText();
                        if (line.startsWith("fresh-")) {
                            int i = Integer.parseInt(line.substring(6, line.indexOf(' ')));
                            if (seen[i] == 0) {
                                seen[i] = at;
                                seenCount++;
                            }
                        }
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
        double[] millis = new double[seenCount];
        int k = 0;
        for (int i = 0; i < lines; i++) {
            if (seen[i] != 0) {
                millis[k++] = (seen[i] - written[i]) / 1e6;
            }
        }
        Arrays.sort(millis);
        return new Result(lines, seenCount, percentile(millis, 0.50), percentile(millis, 0.99),
                millis.length == 0 ? 0 : millis[millis.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static byte[] criLine(String text) {
        return (Instant.now() + " stdout F " + text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean contains(JsonNode result, String text) {
        for (JsonNode stream : result) {
            for (JsonNode v : stream.path("values")) {
                if (v.path(1).asText().startsWith(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode fetch(HttpClient http, ObjectMapper json, ClusterlogServer server, String query,
            long beginMillis) throws IOException, InterruptedException {
        long start = (beginMillis - 3_600_000L) * 1_000_000L;
        long end = (System.currentTimeMillis() + 60_000L) * 1_000_000L;
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url() + "/loki/api/v1/query_range?query=" + query
                + "&start=" + start + "&end=" + end + "&limit=5000&direction=forward")).GET().build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IOException("query_range answered " + resp.statusCode() + ": "
                    + new String(resp.body(), StandardCharsets.UTF_8));
        }
        return json.readTree(resp.body()).path("data").path("result");
    }
}
