package dev.clusterlog.logql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.LogQL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Metric queries against a naive loop over generated entries: for every step t the window is
 * (t - offset - range, t - offset], counted entry by entry.
 */
class MetricBruteForceProperties {
    static final long S = 1_000_000_000L;

    record Raw(LabelSet stream, long ts, String line) {
    }

    static List<Raw> generate(Random rnd, long start, long span) {
        List<Raw> out = new ArrayList<>();
        String[] pods = {"p1", "p2", "p3"};
        String[] levels = {"info", "warn", "error"};
        int n = 200 + rnd.nextInt(800);
        for (int i = 0; i < n; i++) {
            LabelSet stream = LabelSet.of("app", rnd.nextInt(4) == 0 ? "other" : "web", "pod", pods[rnd.nextInt(3)]);
            long ts = start + (long) (rnd.nextDouble() * span);
            if (rnd.nextInt(10) == 0) {
                ts = start + rnd.nextInt((int) (span / S)) * S;
            }
            String level = levels[rnd.nextInt(3)];
            String line = "level=" + level + " latency=" + rnd.nextInt(1000) + " msg=\"" + "x".repeat(rnd.nextInt(20)) + "\"";
            out.add(new Raw(stream, ts, line));
        }
        return out;
    }

    static InMemoryEntrySource source(List<Raw> raws) {
        InMemoryEntrySource src = new InMemoryEntrySource();
        for (Raw r : raws) {
            src.add(r.stream(), r.ts(), r.line());
        }
        return src;
    }

    static Map<LabelSet, Map<Long, Double>> matrix(Result r) {
        Map<LabelSet, Map<Long, Double>> m = new HashMap<>();
        for (Result.Series s : ((Result.Matrix) r).series()) {
            Map<Long, Double> pts = new TreeMap<>();
            for (Result.Point p : s.points()) {
                pts.put(p.timestampNanos(), p.value());
            }
            m.put(s.labels(), pts);
        }
        return m;
    }

    /** Naive: per step, per key, the aggregate of values of matching entries in the window. */
    static Map<LabelSet, Map<Long, Double>> naive(List<Raw> raws, long start, long end, long step, long range,
                                                  long offset, java.util.function.Predicate<Raw> keep,
                                                  java.util.function.Function<Raw, LabelSet> key,
                                                  ToDoubleFunction<Raw> value,
                                                  java.util.function.Function<double[], Double> agg) {
        Map<LabelSet, Map<Long, Double>> out = new HashMap<>();
        for (long t = start; t <= end; t += step) {
            Map<LabelSet, List<Double>> groups = new HashMap<>();
            for (Raw r : raws) {
                if (keep.test(r) && r.ts() > t - offset - range && r.ts() <= t - offset) {
                    groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(value.applyAsDouble(r));
                }
            }
            for (Map.Entry<LabelSet, List<Double>> g : groups.entrySet()) {
                double[] vals = g.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                out.computeIfAbsent(g.getKey(), k -> new TreeMap<>()).put(t, agg.apply(vals));
            }
        }
        return out;
    }

    static double latency(Raw r) {
        String l = r.line();
        int i = l.indexOf("latency=") + 8;
        return Double.parseDouble(l.substring(i, l.indexOf(' ', i)));
    }

    static void assertClose(Map<LabelSet, Map<Long, Double>> got, Map<LabelSet, Map<Long, Double>> want) {
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (LabelSet k : want.keySet()) {
            Map<Long, Double> g = got.get(k);
            Map<Long, Double> w = want.get(k);
            assertThat(g.keySet()).as("steps of %s", k).isEqualTo(w.keySet());
            for (Long t : w.keySet()) {
                assertThat(g.get(t)).as("%s at %d", k, t).isCloseTo(w.get(t), org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(w.get(t)))));
            }
        }
    }

    @Property(tries = 40)
    void countRateBytesAndUnwrapMatchNaiveLoops(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random rnd = new Random(seed);
        long start = 1_700_000_000L * S;
        long span = 3600 * S;
        List<Raw> raws = generate(rnd, start, span);
        InMemoryEntrySource src = source(raws);
        long qStart = start + (rnd.nextInt(600)) * S + rnd.nextInt(1000);
        long qEnd = qStart + (600 + rnd.nextInt(2400)) * S;
        long step = (1 + rnd.nextInt(120)) * S;
        long range = (1 + rnd.nextInt(600)) * S;
        long offset = rnd.nextBoolean() ? 0 : (1 + rnd.nextInt(300)) * S;
        String off = offset == 0 ? "" : " offset " + (offset / S) + "s";
        String sel = "{app=\"web\"} |= \"level=error\"";
        java.util.function.Predicate<Raw> keep = r -> r.stream().get("app").equals("web") && r.line().contains("level=error");
        QueryEngine engine = new QueryEngine();
        QueryParams p = QueryParams.range(qStart, qEnd, step, Direction.FORWARD, 100);
        String rs = "[" + (range / S) + "s]" + off;

        Map<LabelSet, Map<Long, Double>> counts =
                naive(raws, qStart, qEnd, step, range, offset, keep, Raw::stream, r -> 1, v -> (double) v.length);
        // some short windows legitimately see nothing; most tries must compare real numbers
        Statistics.label("windows").collect(counts.isEmpty() ? "empty" : "non-empty");
        Statistics.label("windows").coverage(c -> c.check("non-empty").percentage(pct -> pct > 60.0));
        assertClose(matrix(engine.execute(LogQL.parse("count_over_time(" + sel + " " + rs + ")"), p, src).result()),
                counts);
        assertClose(matrix(engine.execute(LogQL.parse("rate(" + sel + " " + rs + ")"), p, src).result()),
                naive(raws, qStart, qEnd, step, range, offset, keep, Raw::stream, r -> 1,
                        v -> v.length / (range / 1e9)));
        assertClose(matrix(engine.execute(LogQL.parse("sum by (pod) (count_over_time(" + sel + " " + rs + "))"), p, src)
                        .result()),
                naive(raws, qStart, qEnd, step, range, offset, keep, r -> LabelSet.of("pod", r.stream().get("pod")),
                        r -> 1, v -> (double) v.length));
        assertClose(matrix(engine.execute(LogQL.parse("bytes_over_time(" + sel + " " + rs + ")"), p, src).result()),
                naive(raws, qStart, qEnd, step, range, offset, keep, Raw::stream,
                        r -> r.line().getBytes(StandardCharsets.UTF_8).length, v -> Arrays.stream(v).sum()));
        String unwrapped = "{app=\"web\"} |= \"level=error\" | logfmt | unwrap latency " + rs;
        java.util.function.Function<Raw, LabelSet> withLevel = r -> r.stream().with("level", "error").with("msg",
                r.line().substring(r.line().indexOf("msg=\"") + 5, r.line().length() - 1));
        assertClose(matrix(engine.execute(LogQL.parse("sum_over_time(" + unwrapped + ")"), p, src).result()),
                naive(raws, qStart, qEnd, step, range, offset, keep, withLevel, MetricBruteForceProperties::latency,
                        v -> Arrays.stream(v).sum()));
        assertClose(matrix(engine.execute(LogQL.parse("max_over_time(" + unwrapped + ") by (pod)"), p, src).result()),
                naive(raws, qStart, qEnd, step, range, offset, keep, r -> LabelSet.of("pod", r.stream().get("pod")),
                        MetricBruteForceProperties::latency, v -> Arrays.stream(v).max().orElseThrow()));
        assertClose(matrix(engine.execute(LogQL.parse("avg_over_time(" + unwrapped + ") without (msg, level)"), p, src)
                        .result()),
                naive(raws, qStart, qEnd, step, range, offset, keep, Raw::stream, MetricBruteForceProperties::latency,
                        v -> Arrays.stream(v).average().orElseThrow()));
        assertClose(matrix(engine.execute(LogQL.parse("quantile_over_time(0.9, " + unwrapped + ") by (app)"), p, src)
                        .result()),
                naive(raws, qStart, qEnd, step, range, offset, keep, r -> LabelSet.of("app", "web"),
                        MetricBruteForceProperties::latency, v -> RangeEvaluator.quantile(0.9, v.clone())));
    }
}
