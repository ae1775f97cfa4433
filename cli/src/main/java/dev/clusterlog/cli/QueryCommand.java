package dev.clusterlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.core.time.Rfc3339;
import dev.clusterlog.core.units.Durations;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clusterlog query 'LOGQL'}: a LogQL query against the server's Loki API, printed the way
 * logcli prints it: log lines oldest first (raw, JSON lines, or a table with time and labels),
 * metric results as a table; {@code --tail} follows over the tail WebSocket.
 */
@Command(name = "query", sortOptions = false, description = "Run a LogQL query against the server (like logcli).")
public final class QueryCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Output { raw, jsonl, table }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOGQL", description = "The query, like '{namespace=\"default\"} |= \"error\"'.")
    String query;

    @Option(names = "--since", defaultValue = "1h", description = "Look back this far (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--from", paramLabel = "TIME", description = "Start (RFC3339); overrides --since.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End (RFC3339; default now).")
    String to;

    @Option(names = "--limit", defaultValue = "30", description = "Log lines at most (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--step", description = "Step of a metric query, like 1m (default: the server's).")
    String step;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "raw, jsonl or table (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(names = {"-t", "--tail"}, description = "Follow new lines (a log query) until interrupted.")
    boolean tail;

    @Option(names = "--server", defaultValue = "http://127.0.0.1:3100", description = "The server (default: ${DEFAULT-VALUE}).")
    String server;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Integer call() throws Exception {
        long end = to == null ? System.currentTimeMillis() * 1_000_000L : time("--to", to);
        long start = from != null ? time("--from", from) : end - duration("--since", since);
        if (tail) {
            return tail(start);
        }
        StringBuilder url = new StringBuilder(base() + "/loki/api/v1/query_range?query=" + enc(query) + "&start=" + start
                + "&end=" + end + "&limit=" + limit + "&direction=backward");
        if (step != null) {
            url.append("&step=").append(duration("--step", step) / 1_000_000_000.0);
        }
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserException("cannot reach the clusterlog server at " + base() + ": start it with"
                    + " `clusterlog server` or `clusterlog up`");
        }
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new UserException("query failed (" + r.statusCode() + "): "
                    + (body.has("error") ? body.get("error").asText() : r.body()));
        }
        PrintStream out = System.out;
        JsonNode data = body.get("data");
        switch (data.get("resultType").asText()) {
            case "streams" -> printStreams(data.get("result"), out);
            case "matrix" -> printMatrix(data.get("result"), out);
            case "vector" -> printVector(data.get("result"), out);
            default -> out.println(data.get("result").get(1).asText());
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** Log lines of all streams, oldest first (logcli prints in time order after a backward query). */
    private void printStreams(JsonNode result, PrintStream out) {
        List<Object[]> lines = new ArrayList<>();
        for (JsonNode s : result) {
            for (JsonNode v : s.get("values")) {
                lines.add(new Object[] {Long.parseLong(v.get(0).asText()), s.get("stream"), v.get(1).asText()});
            }
        }
        lines.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        for (Object[] l : lines) {
            printLine((Long) l[0], (JsonNode) l[1], (String) l[2], out);
        }
    }

    private void printLine(long ts, JsonNode labels, String line, PrintStream out) {
        switch (output) {
            case raw -> out.println(line);
            case jsonl -> {
                var node = JSON.createObjectNode();
                node.put("timestamp", Rfc3339.formatNano(ts, 0));
                node.set("labels", labels);
                node.put("line", line);
                out.println(node);
            }
            case table -> out.println(Rfc3339.formatNano(ts, 0) + " " + labelText(labels) + " " + line);
        }
    }

    private static String labelText(JsonNode labels) {
        List<String> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = labels.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + "=\"" + e.getValue().asText() + "\"");
        }
        return "{" + String.join(", ", parts) + "}";
    }

    private void printMatrix(JsonNode result, PrintStream out) {
        if (output == Output.jsonl) {
            result.forEach(out::println);
            return;
        }
        for (JsonNode s : result) {
            out.println(labelText(s.get("metric")));
            for (JsonNode p : s.get("values")) {
                long nanos = new BigDecimal(p.get(0).asText()).movePointRight(9).longValue();
                out.println("  " + Rfc3339.formatNano(nanos, 0) + "  " + p.get(1).asText());
            }
        }
    }

    private void printVector(JsonNode result, PrintStream out) {
        if (output == Output.jsonl) {
            result.forEach(out::println);
            return;
        }
        for (JsonNode s : result) {
            out.println(labelText(s.get("metric")) + "  " + s.get("value").get(1).asText());
        }
    }

    private int tail(long start) throws Exception {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        PrintStream out = System.out;
        URI uri = URI.create(base().replaceFirst("^http", "ws") + "/loki/api/v1/tail?query=" + enc(query) + "&start="
                + start + "&limit=" + limit);
        StringBuilder frame = new StringBuilder();
        http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    try {
                        JsonNode f = JSON.readTree(frame.toString());
                        if (f.has("error")) {
                            closed.completeExceptionally(new UserException(f.get("error").asText()));
                        } else {
                            printStreams(f.get("streams"), out);
                            out.flush();
                        }
                    } catch (Exception e) {
                        closed.completeExceptionally(e);
                    }
                    frame.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).get();
        try {
            closed.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UserException u) {
                throw u;
            }
            throw new UserException("tail ended: " + e.getCause().getMessage());
        }
        return Main.EXIT_OK;
    }

    private String base() {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    private static long time(String flag, String value) {
        try {
            return Rfc3339.parseEpochNanos(value);
        } catch (IllegalArgumentException e) {
            throw new UserException(flag + ": " + e.getMessage());
        }
    }

    private static long duration(String flag, String value) {
        try {
            return Durations.parseSetting(flag, value).toNanos();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
