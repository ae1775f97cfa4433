package dev.clusterlog.agent.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A small real push receiver: parses Loki JSON (gzip), keeps per-source high-water marks as the
 * store does (a batch whose range ends at or below the mark is dropped), and can fail on demand.
 */
public final class PushReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received entry. */
    public record Entry(Map<String, String> labels, String nanos, String line, Map<String, String> metadata) {
    }

    private final HttpServer server;
    public final List<Entry> entries = new ArrayList<>();
    public final List<Map<String, String>> headers = new ArrayList<>();
    private final Map<String, Long> highWater = new HashMap<>();
    /** Status to answer with instead of accepting (0: accept). */
    public volatile int failWith;
    /** Answer the next N requests with {@code failWith}, then accept (-1: until changed). */
    public final AtomicInteger failCount = new AtomicInteger(-1);
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger duplicatesDropped = new AtomicInteger();

    public PushReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/loki/api/v1/push", exchange -> {
            requests.incrementAndGet();
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            int fail = failWith;
            if (fail != 0 && failCount.get() != 0) {
                failCount.decrementAndGet();
                exchange.sendResponseHeaders(fail, -1);
                exchange.close();
                return;
            }
            if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                raw = new GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes();
            }
            String source = exchange.getRequestHeaders().getFirst("X-Clusterlog-Source");
            String range = exchange.getRequestHeaders().getFirst("X-Clusterlog-Range");
            synchronized (this) {
                headers.add(Map.of("source", String.valueOf(source), "range", String.valueOf(range),
                        "encoding", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding"))));
                long end = Long.parseLong(range.substring(range.indexOf('-') + 1));
                long mark = highWater.getOrDefault(source, -1L);
                if (end <= mark) {
                    duplicatesDropped.incrementAndGet();
                } else {
                    highWater.put(source, end);
                    JsonNode body = JSON.readTree(raw);
                    for (JsonNode stream : body.get("streams")) {
                        Map<String, String> labels = new HashMap<>();
                        stream.get("stream").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                        for (JsonNode v : stream.get("values")) {
                            Map<String, String> meta = new HashMap<>();
                            if (v.size() > 2) {
                                v.get(2).fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
                            }
                            entries.add(new Entry(labels, v.get(0).asText(), v.get(1).asText(), meta));
                        }
                    }
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized List<String> lines() {
        return entries.stream().map(Entry::line).toList();
    }

    public synchronized List<Entry> snapshot() {
        return List.copyOf(entries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
