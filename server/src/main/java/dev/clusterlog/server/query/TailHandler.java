package dev.clusterlog.server.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.eval.InMemoryEntrySource;
import dev.clusterlog.logql.eval.LokiJson;
import dev.clusterlog.logql.eval.QueryEngine;
import dev.clusterlog.logql.eval.QueryParams;
import dev.clusterlog.logql.eval.RequestParams;
import dev.clusterlog.logql.eval.Result;
import dev.clusterlog.logql.syntax.Expr;
import dev.clusterlog.logql.syntax.LogSelectorExpr;
import dev.clusterlog.server.http.ApiErrors;
import dev.clusterlog.server.http.Tenants;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.Subscription;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket {@code /loki/api/v1/tail}: Loki's live tail. The entries of the last {@code limit}
 * lines since {@code start} are sent first, then new entries as they are appended, in frames
 * {@code {"streams":[{"stream":{...},"values":[["<ns>","<line>"]]}],"dropped_entries":null}}.
 *
 * <p>Implementation notes. The selector's matchers subscribe to the store; a virtual thread per
 * connection drains the subscription every {@code delay_for} seconds (0 to 5, Loki's bound; at
 * least 100 ms) and runs the whole query (its pipeline) over what arrived, so a tail shows what
 * {@code query_range} would. Entries arrive within the store's delivery latency (well under 1 s).
 */
public final class TailHandler {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long MAX_DELAY_SECONDS = 5;

    private final LogStore store;
    private final Tenants tenants;
    private final QueryEngine engine = new QueryEngine();
    private final Map<String, Tail> tails = new ConcurrentHashMap<>();

    public TailHandler(LogStore store, Tenants tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    public void configure(WsConfig ws) {
        ws.onConnect(this::open);
        ws.onClose(ctx -> close(ctx.sessionId));
        ws.onError(ctx -> close(ctx.sessionId));
    }

    private void open(WsContext ctx) {
        try {
            String tenant = tenants.of(ctx.header(Tenants.HEADER));
            String q = ctx.queryParam("query");
            Expr expr = QueryHandler.parse(q == null ? "" : q);
            if (!(expr instanceof LogSelectorExpr selector)) {
                throw ApiErrors.HttpError.badRequest("tail requires a log query, got a metric query", "query");
            }
            long delay = parseDelay(ctx.queryParam("delay_for"));
            int limit = RequestParams.parseLimit(ctx.queryParam("limit"));
            long now = QueryHandler.now();
            long start = RequestParams.parseTime(ctx.queryParam("start"), now - 3_600_000_000_000L);
            Tail tail = new Tail(ctx, tenant, selector, Math.max(100, delay * 1000), limit);
            tails.put(ctx.sessionId, tail);
            tail.start(start, now);
        } catch (RuntimeException e) {
            ctx.send(frameError(e.getMessage()));
            ctx.closeSession(1008, e.getMessage().length() > 100 ? e.getMessage().substring(0, 100) : e.getMessage());
        }
    }

    private void close(String sessionId) {
        Tail t = tails.remove(sessionId);
        if (t != null) {
            t.stop();
        }
    }

    private static long parseDelay(String v) {
        if (v == null || v.isEmpty()) {
            return 0;
        }
        long d = Long.parseLong(v);
        if (d < 0 || d > MAX_DELAY_SECONDS) {
            throw ApiErrors.HttpError.badRequest("delay_for can't be greater than " + MAX_DELAY_SECONDS, "delay_for");
        }
        return d;
    }

    private final class Tail {
        private final WsContext ctx;
        private final String tenant;
        private final LogSelectorExpr selector;
        private final long periodMillis;
        private final int limit;
        private final LinkedBlockingQueue<Object[]> arrivals = new LinkedBlockingQueue<>(200_000);
        private volatile boolean stopped;
        private Subscription subscription;
        private Thread sender;

        Tail(WsContext ctx, String tenant, LogSelectorExpr selector, long periodMillis, int limit) {
            this.ctx = ctx;
            this.tenant = tenant;
            this.selector = selector;
            this.periodMillis = periodMillis;
            this.limit = limit;
        }

        void start(long startNanos, long nowNanos) {
            List<LabelMatcher> matchers = selector.matchers();
            subscription = store.subscribe(tenant, matchers, new dev.clusterlog.store.EntryListener() {
                @Override
                public void onEntries(LabelSet labels, List<LogEntry> entries) {
                    for (LogEntry e : entries) {
                        arrivals.offer(new Object[] {labels, e});
                    }
                }
            });
            // what was there before: the newest `limit` entries since start, sent oldest first
            Result initial = engine.execute(selector, QueryParams.range(startNanos, nowNanos + 1, 1_000_000_000L,
                    dev.clusterlog.logql.eval.Direction.BACKWARD, limit),
                    new StoreEntrySource(store, tenant, dev.clusterlog.store.QueryLimits.DEFAULT)).result();
            send((Result.Streams) initial);
            sender = Thread.ofVirtual().name("tail-" + ctx.sessionId).start(this::loop);
        }

        private void loop() {
            List<Object[]> batch = new ArrayList<>();
            while (!stopped) {
                try {
                    Object[] first = arrivals.poll(periodMillis, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    arrivals.drainTo(batch);
                    InMemoryEntrySource source = new InMemoryEntrySource();
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (Object[] a : batch) {
                        LogEntry e = (LogEntry) a[1];
                        source.add((LabelSet) a[0], e.timestampNanos(), new String(e.line(), StandardCharsets.UTF_8),
                                metadata(e));
                        min = Math.min(min, e.timestampNanos());
                        max = Math.max(max, e.timestampNanos());
                    }
                    batch.clear();
                    Result r = engine.execute(selector, QueryParams.range(min, max + 1, 1_000_000_000L,
                            dev.clusterlog.logql.eval.Direction.FORWARD, Integer.MAX_VALUE), source).result();
                    send((Result.Streams) r);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!stopped) {
                        ctx.send(frameError(e.getMessage()));
                    }
                }
            }
        }

        private void send(Result.Streams streams) {
            if (streams.streams().isEmpty() || stopped) {
                return;
            }
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                g.writeFieldName("streams");
                List<Result.Stream> oldestFirst = new ArrayList<>();
                for (Result.Stream st : streams.streams()) {
                    List<Result.LogLine> values = new ArrayList<>(st.values());
                    values.sort((a, b) -> Long.compare(a.timestampNanos(), b.timestampNanos()));
                    oldestFirst.add(new Result.Stream(st.labels(), values));
                }
                LokiJson.writeStreams(g, new Result.Streams(oldestFirst));
                g.writeNullField("dropped_entries");
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ctx.send(w.toString());
        }

        void stop() {
            stopped = true;
            if (subscription != null) {
                subscription.close();
            }
            if (sender != null) {
                sender.interrupt();
            }
        }
    }

    private static LabelSet metadata(LogEntry e) {
        if (e.metadata().isEmpty()) {
            return LabelSet.EMPTY;
        }
        String[] pairs = new String[e.metadata().size() * 2];
        int i = 0;
        for (LogEntry.MetadataPair p : e.metadata()) {
            pairs[i++] = p.name();
            pairs[i++] = p.value();
        }
        return LabelSet.of(pairs);
    }

    private static String frameError(String message) {
        return ApiErrors.json(message == null ? "tail failed" : message, null);
    }
}
