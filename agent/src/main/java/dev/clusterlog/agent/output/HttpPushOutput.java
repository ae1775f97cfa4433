package dev.clusterlog.agent.output;

import dev.clusterlog.agent.pipeline.Batch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes batches to the clusterlog server: {@code POST <server>/loki/api/v1/push}, Loki JSON,
 * gzip-compressed, with the idempotency headers {@code X-Clusterlog-Source: <agent-id>/<source-id>}
 * and {@code X-Clusterlog-Range: <start>-<end>} (the source's byte range the batch covers), so the
 * store drops what it already has after a retry or a restart. 2xx acknowledges; 429, 5xx and
 * connection errors are retryable; 409 (the range overlaps what the store has) carries the store's
 * high-water mark ({@code X-Clusterlog-High-Water-Mark}) for the shipper to read again from;
 * any other 4xx is permanent.
 */
public final class HttpPushOutput implements Output {
    private final HttpClient client;
    private final URI uri;
    private final String agentId;
    private final String tenant;
    private final Duration timeout;

    public HttpPushOutput(URI server, String agentId, String tenant, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        String base = server.toString().endsWith("/") ? server.toString().substring(0, server.toString().length() - 1)
                : server.toString();
        this.uri = URI.create(base + "/loki/api/v1/push");
        this.agentId = agentId;
        this.tenant = tenant;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void send(Batch batch) throws DeliveryException {
        byte[] body = gzip(LokiPushEncoder.encode(batch));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .header("X-Clusterlog-Source", agentId + "/" + batch.sourceId)
                .header("X-Clusterlog-Range", batch.startOffset + "-" + batch.endOffset)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tenant != null && !tenant.isEmpty()) {
            request.header("X-Scope-OrgID", tenant);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException("POST " + uri + ": " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("POST " + uri + ": interrupted", false);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String body1 = response.body() == null ? "" : response.body().lines().findFirst().orElse("");
        if (status == 409) {
            long hwm = response.headers().firstValue("X-Clusterlog-High-Water-Mark").map(v -> {
                try {
                    return Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    return -1L;
                }
            }).orElse(-1L);
            if (hwm >= 0) {
                throw new DeliveryException("POST " + uri + ": HTTP 409 " + body1, true, hwm);
            }
        }
        boolean permanent = status / 100 == 4 && status != 429;
        throw new DeliveryException("POST " + uri + ": HTTP " + status + " " + body1, permanent);
    }

    /** gzip at deflate level 1: about 3x faster than the default level for a few percent more bytes. */
    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 65536) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            gz.write(raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
