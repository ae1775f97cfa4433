package dev.clusterlog.logql.eval;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.log.LogEntry;
import dev.clusterlog.logql.log.Pipeline;
import dev.clusterlog.logql.log.SampleExtractor;
import dev.clusterlog.logql.syntax.LogRange;
import dev.clusterlog.logql.syntax.RangeOp;
import dev.clusterlog.logql.syntax.SampleExpr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Range aggregations: reads the entries of {@code (first step - offset - range, last step - offset]}
 * once, forward, turns them into per-series samples, then slides a half-open window
 * {@code (t - offset - range, t - offset]} over each series for every step {@code t}.
 */
final class RangeEvaluator {
    private RangeEvaluator() {
    }

    /** Growable samples of one series, in timestamp order. */
    private static final class SeriesBuffer {
        long[] ts = new long[16];
        double[] values = new double[16];
        int size;
        int lo;
        int hi;
        boolean sorted = true;

        void add(long t, double v) {
            if (size == ts.length) {
                ts = Arrays.copyOf(ts, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            if (size > 0 && t < ts[size - 1]) {
                sorted = false;
            }
            ts[size] = t;
            values[size++] = v;
        }

        /** Stable sort by timestamp; needed only when several streams fed this series. */
        void sort() {
            if (sorted) {
                return;
            }
            Integer[] idx = new Integer[size];
            for (int i = 0; i < size; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Long.compare(ts[a], ts[b]));
            long[] t2 = new long[size];
            double[] v2 = new double[size];
            for (int i = 0; i < size; i++) {
                t2[i] = ts[idx[i]];
                v2[i] = values[idx[i]];
            }
            ts = t2;
            values = v2;
            sorted = true;
        }
    }

    static List<List<StepEvaluator.Sample>> evaluate(SampleExpr.RangeAggregation ra, long[] steps, EntrySource source,
                                                     ScanContext ctx) {
        LogRange range = ra.range();
        long r = range.rangeNanos();
        long o = range.offsetNanos();
        long from = steps[0] - o - r + 1;
        long to = steps[steps.length - 1] - o + 1;
        SelectRequest request = new SelectRequest(range.selector().matchers(), from, to, Direction.FORWARD,
                PushdownHints.leadingLineFilters(range.selector()), PushdownHints.of(range.selector()));
        Pipeline pipeline = Pipeline.compile(range.selector().stages());
        SampleExtractor extractor = range.unwrap() == null ? null : new SampleExtractor(range.unwrap());
        RangeOp op = ra.op();
        boolean bytes = op == RangeOp.BYTES_OVER_TIME || op == RangeOp.BYTES_RATE;
        LogEntry entry = new LogEntry();
        Map<LabelSet, SeriesBuffer> series = new HashMap<>();
        // Streams are read one after the other (no global merge): samples are appended per series and
        // a series fed by several streams is sorted once at the end. The last series is remembered so
        // a pipeline that keeps the stream's labels costs no map lookup per entry.
        List<StreamCursor> cursors = source.select(request);
        try {
            for (StreamCursor c : cursors) {
                LabelSet lastLabels = null;
                SeriesBuffer lastBuf = null;
                while (c.next()) {
                    ctx.read(c.lineLength());
                    entry.reset(c.labels(), c.metadata(), c.timestamp(), c.lineBuffer(), c.lineOffset(),
                            c.lineLength());
                    if (!pipeline.process(entry)) {
                        continue;
                    }
                    double value;
                    if (extractor != null) {
                        if (!extractor.extract(entry)) {
                            continue;
                        }
                        value = extractor.value();
                    } else {
                        value = bytes ? entry.lineLength() : 1;
                    }
                    LabelSet labels = entry.finalLabels();
                    if (labels != lastLabels) {
                        String error = labels.get(LogEntry.ERROR);
                        if (error != null) {
                            throw pipelineError(error, labels);
                        }
                        LabelSet key = ra.grouping() == null ? labels : StepEvaluator.group(labels, ra.grouping());
                        SeriesBuffer buf = series.get(key);
                        if (buf == null) {
                            buf = new SeriesBuffer();
                            series.put(key, buf);
                        }
                        lastLabels = labels;
                        lastBuf = buf;
                    }
                    lastBuf.add(c.timestamp(), value);
                }
            }
        } finally {
            for (StreamCursor c : cursors) {
                c.close();
            }
        }
        for (SeriesBuffer b : series.values()) {
            b.sort();
        }
        ctx.check();
        List<LabelSet> keys = new ArrayList<>(series.keySet());
        keys.sort(LabelSet::compareTo);
        List<List<StepEvaluator.Sample>> out = new ArrayList<>(steps.length);
        LabelSet absentLabels = absentLabels(range);
        for (long t : steps) {
            long lo = t - o - r;
            long hi = t - o;
            List<StepEvaluator.Sample> vec = new ArrayList<>();
            boolean any = false;
            for (LabelSet k : keys) {
                SeriesBuffer b = series.get(k);
                while (b.lo < b.size && b.ts[b.lo] <= lo) {
                    b.lo++;
                }
                if (b.hi < b.lo) {
                    b.hi = b.lo;
                }
                while (b.hi < b.size && b.ts[b.hi] <= hi) {
                    b.hi++;
                }
                if (b.hi > b.lo) {
                    any = true;
                    if (op != RangeOp.ABSENT_OVER_TIME) {
                        double v = aggregate(op, ra.param(), b, r, lo, hi);
                        if (!Double.isNaN(v) || op != RangeOp.RATE_COUNTER) {
                            vec.add(new StepEvaluator.Sample(k, v));
                        }
                    }
                }
            }
            if (op == RangeOp.ABSENT_OVER_TIME && !any) {
                vec.add(new StepEvaluator.Sample(absentLabels, 1));
            }
            out.add(vec);
        }
        return out;
    }

    static QueryException pipelineError(String error, LabelSet labels) {
        return new QueryException("pipeline error: '" + error + "' for series: '" + labels + "'.\n"
                + "Use a label filter to intentionally skip this error. (e.g | __error__!=\"" + error + "\").\n"
                + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
                + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" ).");
    }

    private static LabelSet absentLabels(LogRange range) {
        Map<String, String> m = new HashMap<>();
        for (LabelMatcher lm : range.selector().matchers()) {
            if (lm.type() == LabelMatcher.Type.EQ) {
                m.put(lm.name(), lm.value());
            }
        }
        return LabelSet.of(m);
    }

    private static double aggregate(RangeOp op, Double param, SeriesBuffer b, long rangeNanos, long lo, long hi) {
        double rangeSeconds = rangeNanos / 1e9;
        int from = b.lo;
        int to = b.hi;
        int n = to - from;
        double[] v = b.values;
        return switch (op) {
            case COUNT_OVER_TIME -> n;
            case RATE, BYTES_RATE -> sum(v, from, to) / rangeSeconds;
            case BYTES_OVER_TIME, SUM_OVER_TIME -> sum(v, from, to);
            case AVG_OVER_TIME -> {
                double mean = 0;
                for (int i = from; i < to; i++) {
                    mean += (v[i] - mean) / (i - from + 1);
                }
                yield mean;
            }
            case MIN_OVER_TIME -> {
                double m = v[from];
                for (int i = from + 1; i < to; i++) {
                    if (v[i] < m || Double.isNaN(m)) {
                        m = v[i];
                    }
                }
                yield m;
            }
            case MAX_OVER_TIME -> {
                double m = v[from];
                for (int i = from + 1; i < to; i++) {
                    if (v[i] > m || Double.isNaN(m)) {
                        m = v[i];
                    }
                }
                yield m;
            }
            case STDVAR_OVER_TIME -> variance(v, from, to);
            case STDDEV_OVER_TIME -> Math.sqrt(variance(v, from, to));
            case QUANTILE_OVER_TIME -> quantile(param, Arrays.copyOfRange(v, from, to));
            case FIRST_OVER_TIME -> v[from];
            case LAST_OVER_TIME -> v[to - 1];
            case RATE_COUNTER -> counterRate(b.ts, v, from, to, lo, hi, rangeSeconds);
            case ABSENT_OVER_TIME -> 1;
        };
    }

    private static double sum(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s;
    }

    /** Population variance (Welford), as Prometheus' stdvar_over_time. */
    private static double variance(double[] v, int from, int to) {
        double mean = 0;
        double m2 = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            count++;
            double d = v[i] - mean;
            mean += d / count;
            m2 += d * (v[i] - mean);
        }
        return m2 / count;
    }

    /** Prometheus' quantile: linear interpolation between closest ranks. */
    static double quantile(double q, double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(values);
        double rank = q * (values.length - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = Math.min(values.length - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[lower] * (1 - weight) + values[upper] * weight;
    }

    /** Prometheus' extrapolatedRate for counters, which Loki's rate_counter uses. NaN when under 2 samples. */
    private static double counterRate(long[] ts, double[] v, int from, int to, long lo, long hi, double rangeSeconds) {
        int n = to - from;
        if (n < 2) {
            return Double.NaN;
        }
        double result = v[to - 1] - v[from];
        for (int i = from + 1; i < to; i++) {
            if (v[i] < v[i - 1]) {
                result += v[i - 1];
            }
        }
        double durationToStart = (ts[from] - lo) / 1e9;
        double durationToEnd = (hi - ts[to - 1]) / 1e9;
        double sampled = (ts[to - 1] - ts[from]) / 1e9;
        double avg = sampled / (n - 1);
        if (result > 0 && v[from] >= 0) {
            double toZero = sampled * (v[from] / result);
            if (toZero < durationToStart) {
                durationToStart = toZero;
            }
        }
        double threshold = avg * 1.1;
        double interval = sampled;
        interval += durationToStart < threshold ? durationToStart : avg / 2;
        interval += durationToEnd < threshold ? durationToEnd : avg / 2;
        return result * (interval / sampled) / rangeSeconds;
    }
}
