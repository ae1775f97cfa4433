package dev.clusterlog.logql.eval;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.syntax.BinaryOp;
import dev.clusterlog.logql.syntax.Grouping;
import dev.clusterlog.logql.syntax.Regexes;
import dev.clusterlog.logql.syntax.SampleExpr;
import dev.clusterlog.logql.syntax.VectorMatching;
import dev.clusterlog.logql.syntax.VectorOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Evaluates a metric expression at every step. A step's value is a {@code Double} (scalar) or a
 * {@code List<Sample>} (vector). Vector aggregation and binary operators follow Prometheus'
 * semantics, which Loki's engine shares.
 */
final class StepEvaluator {
    record Sample(LabelSet labels, double value) {
    }

    private final long[] steps;
    private final EntrySource source;
    private final ScanContext ctx;

    StepEvaluator(long[] steps, EntrySource source, ScanContext ctx) {
        this.steps = steps;
        this.source = source;
        this.ctx = ctx;
    }

    /** One value per step. */
    List<Object> evaluate(SampleExpr e) {
        List<Object> out = new ArrayList<>(steps.length);
        switch (e) {
            case SampleExpr.Literal l -> {
                for (int i = 0; i < steps.length; i++) {
                    out.add(l.value());
                }
            }
            case SampleExpr.Vector v -> {
                for (int i = 0; i < steps.length; i++) {
                    out.add(List.of(new Sample(LabelSet.EMPTY, v.value())));
                }
            }
            case SampleExpr.RangeAggregation r -> out.addAll(RangeEvaluator.evaluate(r, steps, source, ctx));
            case SampleExpr.VectorAggregation v -> {
                for (Object inner : evaluate(v.inner())) {
                    out.add(aggregate(v, vector(inner)));
                }
            }
            case SampleExpr.LabelReplace l -> {
                Regexes.Compiled re = Regexes.compile(l.regex(), true);
                for (Object inner : evaluate(l.inner())) {
                    List<Sample> res = new ArrayList<>();
                    for (Sample s : vector(inner)) {
                        res.add(new Sample(labelReplace(s.labels(), l, re), s.value()));
                    }
                    out.add(res);
                }
            }
            case SampleExpr.Binary b -> {
                List<Object> left = evaluate(b.left());
                List<Object> right = evaluate(b.right());
                for (int i = 0; i < steps.length; i++) {
                    out.add(binary(b, left.get(i), right.get(i)));
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Sample> vector(Object v) {
        if (v instanceof Double d) {
            return List.of(new Sample(LabelSet.EMPTY, d));
        }
        return (List<Sample>) v;
    }

    static LabelSet group(LabelSet labels, Grouping g) {
        Map<String, String> m = new HashMap<>();
        if (g.without()) {
            for (int i = 0; i < labels.size(); i++) {
                if (!g.labels().contains(labels.name(i))) {
                    m.put(labels.name(i), labels.value(i));
                }
            }
        } else {
            for (String name : g.labels()) {
                String v = labels.get(name);
                if (v != null) {
                    m.put(name, v);
                }
            }
        }
        return LabelSet.of(m);
    }

    private static List<Sample> aggregate(SampleExpr.VectorAggregation v, List<Sample> in) {
        VectorOp op = v.op();
        if (op == VectorOp.SORT || op == VectorOp.SORT_DESC) {
            List<Sample> out = new ArrayList<>(in);
            Comparator<Sample> c = Comparator.comparingDouble(Sample::value);
            out.sort(op == VectorOp.SORT ? c : c.reversed());
            return out;
        }
        Map<LabelSet, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            LabelSet key = v.grouping() == null ? LabelSet.EMPTY : group(s.labels(), v.grouping());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<LabelSet, List<Sample>> g : groups.entrySet()) {
            List<Sample> members = g.getValue();
            if (op == VectorOp.TOPK || op == VectorOp.BOTTOMK) {
                Comparator<Sample> c = Comparator.comparingDouble(Sample::value);
                List<Sample> sorted = new ArrayList<>(members);
                sorted.sort(op == VectorOp.TOPK ? c.reversed() : c);
                out.addAll(sorted.subList(0, Math.min(v.param(), sorted.size())));
                continue;
            }
            double[] values = members.stream().mapToDouble(Sample::value).toArray();
            out.add(new Sample(g.getKey(), switch (op) {
                case SUM -> {
                    double s = 0;
                    for (double d : values) {
                        s += d;
                    }
                    yield s;
                }
                case AVG -> {
                    double mean = 0;
                    for (int i = 0; i < values.length; i++) {
                        mean += (values[i] - mean) / (i + 1);
                    }
                    yield mean;
                }
                case MIN -> java.util.Arrays.stream(values).min().orElse(Double.NaN);
                case MAX -> java.util.Arrays.stream(values).max().orElse(Double.NaN);
                case COUNT -> values.length;
                case STDVAR, STDDEV -> {
                    double mean = 0;
                    double m2 = 0;
                    for (int i = 0; i < values.length; i++) {
                        double d = values[i] - mean;
                        mean += d / (i + 1);
                        m2 += d * (values[i] - mean);
                    }
                    double var = m2 / values.length;
                    yield op == VectorOp.STDVAR ? var : Math.sqrt(var);
                }
                default -> throw new IllegalStateException("unreachable: " + op);
            }));
        }
        return out;
    }

    private static LabelSet labelReplace(LabelSet labels, SampleExpr.LabelReplace l, Regexes.Compiled re) {
        String src = labels.get(l.src());
        Matcher m = re.pattern().matcher(src == null ? "" : src);
        if (!m.matches()) {
            return labels;
        }
        StringBuilder sb = new StringBuilder();
        String repl = l.replacement();
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '$' && i + 1 < repl.length()) {
                int j = i + 1;
                String name;
                if (repl.charAt(j) == '{') {
                    int close = repl.indexOf('}', j);
                    if (close < 0) {
                        sb.append(c);
                        continue;
                    }
                    name = repl.substring(j + 1, close);
                    i = close;
                } else {
                    int k = j;
                    while (k < repl.length() && (Character.isLetterOrDigit(repl.charAt(k)) || repl.charAt(k) == '_')) {
                        k++;
                    }
                    name = repl.substring(j, k);
                    i = k - 1;
                }
                sb.append(group(m, name, re.names()));
            } else {
                sb.append(c);
            }
        }
        return labels.with(l.dst(), sb.toString());
    }

    private static String group(Matcher m, String name, List<String> names) {
        String v;
        if (name.matches("\\d+")) {
            int g = Integer.parseInt(name);
            v = g <= m.groupCount() ? m.group(g) : null;
        } else {
            int idx = names.indexOf(name);
            v = idx < 0 ? null : m.group("g" + idx);
        }
        return v == null ? "" : v;
    }

    private static Object binary(SampleExpr.Binary b, Object l, Object r) {
        BinaryOp op = b.op();
        if (l instanceof Double x && r instanceof Double y) {
            double v = apply(op, x, y);
            return op.isComparison() ? (Double) (v != 0 ? 1.0 : 0.0) : (Double) v;
        }
        if (l instanceof Double || r instanceof Double) {
            boolean scalarLeft = l instanceof Double;
            double scalar = scalarLeft ? (Double) l : (Double) r;
            List<Sample> out = new ArrayList<>();
            for (Sample s : vector(scalarLeft ? r : l)) {
                double x = scalarLeft ? scalar : s.value();
                double y = scalarLeft ? s.value() : scalar;
                double v = apply(op, x, y);
                if (op.isComparison()) {
                    if (b.returnBool()) {
                        out.add(new Sample(s.labels(), v != 0 ? 1 : 0));
                    } else if (v != 0) {
                        out.add(s);
                    }
                } else {
                    out.add(new Sample(s.labels(), v));
                }
            }
            return out;
        }
        return vectorBinary(b, vector(l), vector(r));
    }

    private static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MOD -> x % y;
            case POW -> Math.pow(x, y);
            case EQ -> x == y ? 1 : 0;
            case NEQ -> x != y ? 1 : 0;
            case GT -> x > y ? 1 : 0;
            case GTE -> x >= y ? 1 : 0;
            case LT -> x < y ? 1 : 0;
            case LTE -> x <= y ? 1 : 0;
            default -> throw new IllegalStateException("not arithmetic: " + op);
        };
    }

    private static LabelSet signature(LabelSet labels, VectorMatching m) {
        if (m == null) {
            return labels;
        }
        return group(labels, new Grouping(!m.on(), m.labels()));
    }

    private static List<Sample> vectorBinary(SampleExpr.Binary b, List<Sample> left, List<Sample> right) {
        VectorMatching m = b.matching();
        BinaryOp op = b.op();
        if (op.isSetOperator()) {
            Set<LabelSet> rightSigs = new HashSet<>();
            for (Sample s : right) {
                rightSigs.add(signature(s.labels(), m));
            }
            List<Sample> out = new ArrayList<>();
            switch (op) {
                case AND -> left.stream().filter(s -> rightSigs.contains(signature(s.labels(), m))).forEach(out::add);
                case UNLESS -> left.stream().filter(s -> !rightSigs.contains(signature(s.labels(), m))).forEach(out::add);
                default -> {
                    Set<LabelSet> leftSigs = new HashSet<>();
                    for (Sample s : left) {
                        leftSigs.add(signature(s.labels(), m));
                        out.add(s);
                    }
                    right.stream().filter(s -> !leftSigs.contains(signature(s.labels(), m))).forEach(out::add);
                }
            }
            return out;
        }
        VectorMatching.Card card = m == null ? VectorMatching.Card.ONE_TO_ONE : m.card();
        boolean swap = card == VectorMatching.Card.GROUP_RIGHT;
        List<Sample> many = swap ? right : left;
        List<Sample> one = swap ? left : right;
        Map<LabelSet, Sample> oneBySig = new HashMap<>();
        for (Sample s : one) {
            if (oneBySig.put(signature(s.labels(), m), s) != null) {
                throw new QueryException("found duplicate series for the match group " + signature(s.labels(), m)
                        + " on the " + (swap ? "left" : "right") + " hand-side of the operation;"
                        + " many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Set<LabelSet> seenOneToOne = new HashSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : many) {
            LabelSet sig = signature(s.labels(), m);
            Sample other = oneBySig.get(sig);
            if (other == null) {
                continue;
            }
            if (card == VectorMatching.Card.ONE_TO_ONE && !seenOneToOne.add(sig)) {
                throw new QueryException("multiple matches for labels: many-to-one matching must be explicit"
                        + " (group_left/group_right)");
            }
            double x = swap ? other.value() : s.value();
            double y = swap ? s.value() : other.value();
            double v = apply(op, x, y);
            if (op.isComparison() && !b.returnBool()) {
                if (v == 0) {
                    continue;
                }
                v = x;
            }
            out.add(new Sample(resultLabels(s.labels(), other.labels(), m, card), v));
        }
        return out;
    }

    private static LabelSet resultLabels(LabelSet many, LabelSet one, VectorMatching m, VectorMatching.Card card) {
        if (m == null) {
            return many;
        }
        if (card == VectorMatching.Card.ONE_TO_ONE) {
            return group(many, new Grouping(!m.on(), m.labels()));
        }
        LabelSet out = many;
        for (String name : m.include()) {
            out = out.with(name, one.get(name));
        }
        return out;
    }
}
