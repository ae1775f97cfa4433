package dev.clusterlog.server.push;

import dev.clusterlog.server.ServerMetrics;
import dev.clusterlog.server.http.ApiErrors;
import dev.clusterlog.server.http.Tenants;
import dev.clusterlog.store.AppendResult;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.core.entry.SourceRange;
import dev.clusterlog.store.StoreBusyException;
import dev.clusterlog.store.StoreFullException;
import dev.clusterlog.store.StreamEntries;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /loki/api/v1/push}: decodes, cuts over-long lines, and appends durably; answers
 * 204 only once the entries are fsynced. A batch that names its source
 * ({@code X-Clusterlog-Source} and {@code X-Clusterlog-Range: <start>-<end>}, DESIGN.md
 * Delivery) is stored exactly once: a range the store already has is acknowledged without being
 * stored again ({@code X-Clusterlog-Duplicate: true}); a range that overlaps what the store has
 * is refused with 409 and the store's high-water mark, from which the sender resends.
 */
public final class PushHandler {
    public static final String SOURCE_HEADER = "X-Clusterlog-Source";
    public static final String RANGE_HEADER = "X-Clusterlog-Range";

    private final LogStore store;
    private final Tenants tenants;
    private final PushDecoder decoder;
    private final int maxLineBytes;
    private final ServerMetrics metrics;

    public PushHandler(LogStore store, Tenants tenants, long maxPushBytes, int maxLineBytes, ServerMetrics metrics) {
        this.store = store;
        this.tenants = tenants;
        this.decoder = new PushDecoder(maxPushBytes);
        this.maxLineBytes = maxLineBytes;
        this.metrics = metrics;
    }

    public void handle(Context ctx) throws IOException {
        String tenant = tenants.of(ctx);
        SourceRange source = sourceRange(ctx);
        List<PushStream> streams;
        try {
            streams = decoder.decode(ctx.header("Content-Type"), ctx.header("Content-Encoding"), ctx.bodyAsBytes());
        } catch (BadPushException e) {
            metrics.pushRejected.increment();
            ApiErrors.send(ctx, 400, e.getMessage(), e.field());
            return;
        }
        List<StreamEntries> batch = new ArrayList<>(streams.size());
        for (PushStream s : streams) {
            if (s.size() > 0) {
                batch.add(new StreamEntries(s.labels(), entries(s)));
            }
        }
        if (batch.isEmpty() && source == null) {
            ctx.status(204);
            return;
        }
        AppendResult result;
        try {
            result = store.append(tenant, batch, source);
        } catch (StoreBusyException e) {
            metrics.pushRefusedBusy.increment();
            ctx.header("Retry-After", "1");
            ApiErrors.send(ctx, 503, e.getMessage(), "store");
            return;
        } catch (StoreFullException e) {
            metrics.pushRefusedFull.increment();
            ctx.header("Retry-After", "30");
            ApiErrors.send(ctx, 507, e.getMessage(), "store");
            return;
        } catch (IllegalArgumentException e) {
            metrics.pushRejected.increment();
            ApiErrors.send(ctx, 400, e.getMessage(), "streams");
            return;
        }
        switch (result.status()) {
            case ACCEPTED -> {
                metrics.linesReceived.add(result.entries());
                metrics.bytesReceived.add(result.bytes());
                ctx.status(204);
            }
            case DUPLICATE -> {
                metrics.duplicateBatches.increment();
                ctx.header("X-Clusterlog-Duplicate", "true").status(204);
            }
            case OVERLAP -> {
                metrics.overlappingBatches.increment();
                ctx.header("X-Clusterlog-High-Water-Mark", Long.toString(result.highWaterMark()));
                ApiErrors.send(ctx, 409, "the batch's range " + source.startOffset() + "-" + source.endOffset()
                        + " overlaps what the store has of source " + source.sourceId() + " (up to "
                        + result.highWaterMark() + "): resend from " + result.highWaterMark(), RANGE_HEADER);
            }
        }
    }

    private List<LogEntry> entries(PushStream s) {
        List<LogEntry> entries = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            byte[] line = s.line(i);
            String[] md = s.metadata(i);
            List<LogEntry.MetadataPair> metadata = List.of();
            if (line.length > maxLineBytes) {
                metrics.linesTruncated.increment();
                md = appendPair(md, "truncated", Integer.toString(line.length));
                line = Arrays.copyOf(line, maxLineBytes);
            }
            if (md != null) {
                metadata = new ArrayList<>(md.length / 2);
                for (int k = 0; k < md.length; k += 2) {
                    metadata.add(new LogEntry.MetadataPair(md[k], md[k + 1]));
                }
            }
            entries.add(new LogEntry(s.timestamp(i), line, metadata));
        }
        return entries;
    }

    private static String[] appendPair(String[] md, String name, String value) {
        String[] out = md == null ? new String[2] : Arrays.copyOf(md, md.length + 2);
        out[out.length - 2] = name;
        out[out.length - 1] = value;
        return out;
    }

    private static SourceRange sourceRange(Context ctx) {
        String source = ctx.header(SOURCE_HEADER);
        String range = ctx.header(RANGE_HEADER);
        if (source == null && range == null) {
            return null;
        }
        if (source == null || source.isEmpty() || range == null) {
            throw ApiErrors.HttpError.badRequest(SOURCE_HEADER + " and " + RANGE_HEADER + " must be given together",
                    source == null ? SOURCE_HEADER : RANGE_HEADER);
        }
        int dash = range.indexOf('-');
        try {
            long start = Long.parseLong(range.substring(0, dash).trim());
            long end = Long.parseLong(range.substring(dash + 1).trim());
            return new SourceRange(source, start, end);
        } catch (RuntimeException e) {
            throw ApiErrors.HttpError.badRequest("invalid " + RANGE_HEADER + " \"" + range
                    + "\": expected <start>-<end> byte offsets with start <= end", RANGE_HEADER);
        }
    }
}
