package dev.clusterlog.logql.eval;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.syntax.Expr;
import dev.clusterlog.logql.syntax.LogSelectorExpr;
import dev.clusterlog.logql.syntax.SampleExpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs parsed queries against an {@link EntrySource}. Log queries answer {@link Result.Streams};
 * metric queries answer {@link Result.Matrix} (range) or {@link Result.Vector}/{@link Result.Scalar}
 * (instant). Thread-safe: each call has its own state. Limit breaches raise
 * {@link LimitExceededException}, metric queries over entries with {@code __error__} raise
 * {@link QueryException}; both are the client's to fix (4xx).
 */
public final class QueryEngine {
    private final QueryLimits limits;
    private final LongSupplier nanoClock;

    public QueryEngine() {
        this(QueryLimits.NONE, System::nanoTime);
    }

    public QueryEngine(QueryLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    public QueryResult execute(Expr query, QueryParams params, EntrySource source) {
        ScanContext ctx = new ScanContext(limits, nanoClock);
        Result result;
        if (query instanceof LogSelectorExpr selector) {
            if (params.instant()) {
                throw new QueryException("log queries are not supported as an instant query type, please change your"
                        + " query to a range query type");
            }
            if (limits.maxEntriesLimitPerQuery() > 0 && params.limit() > limits.maxEntriesLimitPerQuery()) {
                throw new LimitExceededException("max_entries_limit_per_query", "max entries limit per query exceeded,"
                        + " limit > max_entries_limit_per_query (" + params.limit() + " > "
                        + limits.maxEntriesLimitPerQuery() + ")");
            }
            result = LogQueryEvaluator.evaluate(selector, params, source, ctx);
        } else {
            result = metric((SampleExpr) query, params, source, ctx);
        }
        return new QueryResult(result, ctx.stats());
    }

    private static long[] steps(QueryParams p) {
        if (p.instant()) {
            return new long[] {p.startNanos()};
        }
        int n = (int) ((p.endNanos() - p.startNanos()) / p.stepNanos()) + 1;
        long[] steps = new long[n];
        for (int i = 0; i < n; i++) {
            steps[i] = p.startNanos() + i * p.stepNanos();
        }
        return steps;
    }

    @SuppressWarnings("unchecked")
    private static Result metric(SampleExpr expr, QueryParams params, EntrySource source, ScanContext ctx) {
        long[] steps = steps(params);
        List<Object> values = new StepEvaluator(steps, source, ctx).evaluate(expr);
        if (params.instant()) {
            Object v = values.get(0);
            if (v instanceof Double d) {
                return new Result.Scalar(steps[0], d);
            }
            List<StepEvaluator.Sample> samples = (List<StepEvaluator.Sample>) v;
            ctx.checkSeries(samples.size());
            List<Result.Sample> out = new ArrayList<>(samples.size());
            for (StepEvaluator.Sample s : samples) {
                out.add(new Result.Sample(s.labels(), steps[0], s.value()));
            }
            if (!isSorted(expr)) {
                out.sort((a, b) -> a.labels().compareTo(b.labels()));
            }
            return new Result.Vector(out);
        }
        Map<LabelSet, List<Result.Point>> series = new LinkedHashMap<>();
        for (int i = 0; i < steps.length; i++) {
            Object v = values.get(i);
            if (v instanceof Double d) {
                series.computeIfAbsent(LabelSet.EMPTY, k -> new ArrayList<>()).add(new Result.Point(steps[i], d));
                continue;
            }
            for (StepEvaluator.Sample s : (List<StepEvaluator.Sample>) v) {
                List<Result.Point> points = series.get(s.labels());
                if (points == null) {
                    ctx.checkSeries(series.size() + 1);
                    points = new ArrayList<>();
                    series.put(s.labels(), points);
                }
                points.add(new Result.Point(steps[i], s.value()));
            }
        }
        List<Result.Series> out = new ArrayList<>(series.size());
        series.forEach((k, v) -> out.add(new Result.Series(k, v)));
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new Result.Matrix(out);
    }

    private static boolean isSorted(SampleExpr e) {
        return e instanceof SampleExpr.VectorAggregation v
                && (v.op() == dev.clusterlog.logql.syntax.VectorOp.SORT
                || v.op() == dev.clusterlog.logql.syntax.VectorOp.SORT_DESC
                || v.op() == dev.clusterlog.logql.syntax.VectorOp.TOPK
                || v.op() == dev.clusterlog.logql.syntax.VectorOp.BOTTOMK);
    }
}
