package dev.clusterlog.server.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.LogQL;
import dev.clusterlog.logql.eval.LimitExceededException;
import dev.clusterlog.logql.eval.LokiJson;
import dev.clusterlog.logql.eval.QueryEngine;
import dev.clusterlog.logql.eval.QueryException;
import dev.clusterlog.logql.eval.QueryParams;
import dev.clusterlog.logql.eval.QueryResult;
import dev.clusterlog.logql.eval.RequestParams;
import dev.clusterlog.logql.syntax.Expr;
import dev.clusterlog.logql.syntax.ParseException;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.server.ServerMetrics;
import dev.clusterlog.server.http.ApiErrors;
import dev.clusterlog.server.http.Tenants;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.QueryLimitExceededException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loki's query API over the store: {@code /query}, {@code /query_range}, {@code /labels},
 * {@code /label/{name}/values}, {@code /series}, with Loki's parameters and response shapes
 * (PROTOCOLS.md §5.2). Parameters come from the query string or, for POST, a form body, as Loki
 * takes them. A bad query or parameter answers 400 naming it; a query over a limit answers 400
 * naming the limit.
 */
public final class QueryHandler {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long LABELS_DEFAULT_RANGE = Duration.ofHours(6).toNanos();

    private final LogStore store;
    private final Tenants tenants;
    private final ServerMetrics metrics;
    private final QueryEngine engine;
    private final dev.clusterlog.store.QueryLimits storeLimits;

    public QueryHandler(LogStore store, Tenants tenants, ServerConfig config, ServerMetrics metrics) {
        this.store = store;
        this.tenants = tenants;
        this.metrics = metrics;
        long timeout = config.queryTimeout().toNanos();
        // Loki's defaults: max_query_series 500, max_entries_limit_per_query 5000
        this.engine = new QueryEngine(new dev.clusterlog.logql.eval.QueryLimits(500, config.maxEntriesLimit(),
                config.maxQueryBytes(), timeout), System::nanoTime);
        this.storeLimits = new dev.clusterlog.store.QueryLimits(config.maxQueryBytes(), Long.MAX_VALUE,
                config.queryTimeout());
    }

    static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    public void queryRange(Context ctx) throws IOException {
        String q = required(ctx, "query");
        QueryParams params = params(() -> RequestParams.rangeQuery(param(ctx, "start"), param(ctx, "end"),
                param(ctx, "since"), param(ctx, "step"), param(ctx, "interval"), param(ctx, "direction"),
                param(ctx, "limit"), now()));
        run(ctx, q, params);
    }

    public void query(Context ctx) throws IOException {
        String q = required(ctx, "query");
        QueryParams params = params(() -> RequestParams.instantQuery(param(ctx, "time"), param(ctx, "direction"),
                param(ctx, "limit"), now()));
        run(ctx, q, params);
    }

    private void run(Context ctx, String query, QueryParams params) throws IOException {
        String tenant = tenants.of(ctx);
        Expr expr = parse(query);
        QueryResult result;
        try {
            result = engine.execute(expr, params, new StoreEntrySource(store, tenant, storeLimits));
        } catch (LimitExceededException e) {
            throw rejected(e.getMessage(), e.limit());
        } catch (QueryException e) {
            throw rejected(e.getMessage(), "query");
        } catch (QueryLimitExceededException e) {
            throw rejected(e.getMessage(), e.limit().toString());
        }
        metrics.queries.increment();
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        LokiJson.write(result, body);
        ctx.contentType("application/json").result(body.toByteArray());
    }

    public void labels(Context ctx) throws IOException {
        String tenant = tenants.of(ctx);
        long[] range = range(ctx);
        String selector = param(ctx, "query");
        List<String> names;
        if (selector == null || selector.isEmpty()) {
            names = store.labelNames(tenant, range[0], range[1]);
        } else {
            java.util.TreeSet<String> set = new java.util.TreeSet<>();
            for (LabelSet s : store.streams(tenant, matchers(selector), range[0], range[1])) {
                set.addAll(s.names());
            }
            names = new ArrayList<>(set);
        }
        writeStrings(ctx, names);
    }

    public void labelValues(Context ctx) throws IOException {
        String tenant = tenants.of(ctx);
        long[] range = range(ctx);
        String selector = param(ctx, "query");
        List<LabelMatcher> m = selector == null || selector.isEmpty() ? List.of() : matchers(selector);
        writeStrings(ctx, store.labelValues(tenant, ctx.pathParam("name"), m, range[0], range[1]));
    }

    public void series(Context ctx) throws IOException {
        String tenant = tenants.of(ctx);
        long[] range = range(ctx);
        List<String> match = new ArrayList<>(ctx.queryParams("match[]"));
        match.addAll(ctx.formParams("match[]"));
        if (match.isEmpty()) {
            match.addAll(ctx.queryParams("match"));
        }
        if (match.isEmpty()) {
            throw rejected("at least one match[] selector is required", "match[]");
        }
        java.util.TreeSet<LabelSet> all = new java.util.TreeSet<>();
        for (String selector : match) {
            all.addAll(store.series(tenant, matchers(selector), range[0], range[1]));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(body)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (LabelSet s : all) {
                g.writeStartObject();
                for (int i = 0; i < s.size(); i++) {
                    g.writeStringField(s.name(i), s.value(i));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        ctx.contentType("application/json").result(body.toByteArray());
    }

    private long[] range(Context ctx) {
        long end = params(() -> RequestParams.parseTime(param(ctx, "end"), now()));
        long start = params(() -> RequestParams.parseTime(param(ctx, "start"),
                end - RequestParams.parseSince(param(ctx, "since"), LABELS_DEFAULT_RANGE)));
        if (end < start) {
            throw rejected("end timestamp must not be before or equal to start time", "end");
        }
        return new long[] {start, end};
    }

    private static void writeStrings(Context ctx, List<String> values) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(body)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        ctx.contentType("application/json").result(body.toByteArray());
    }

    static Expr parse(String query) {
        try {
            return LogQL.parse(query);
        } catch (ParseException e) {
            throw ApiErrors.HttpError.badRequest(e.getMessage(), "query");
        }
    }

    static List<LabelMatcher> matchers(String selector) {
        try {
            return LogQL.parseMatchers(selector);
        } catch (ParseException e) {
            throw ApiErrors.HttpError.badRequest(e.getMessage(), "match[]");
        }
    }

    private static <T> T params(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw ApiErrors.HttpError.badRequest(e.getMessage(), "parameters");
        }
    }

    private static ApiErrors.HttpError rejected(String message, String detail) {
        return ApiErrors.HttpError.badRequest(message, detail);
    }

    static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null && "POST".equals(ctx.method().name())) {
            v = ctx.formParam(name);
        }
        return v;
    }

    private static String required(Context ctx, String name) {
        String v = param(ctx, name);
        if (v == null || v.isBlank()) {
            throw ApiErrors.HttpError.badRequest("parse error : syntax error: unexpected $end", name);
        }
        return v;
    }

    /** For tests and tools: the JSON a query answers, without HTTP. */
    static void writeResult(QueryResult r, OutputStream out) {
        try {
            LokiJson.write(r, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
