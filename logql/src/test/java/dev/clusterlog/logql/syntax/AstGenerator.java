package dev.clusterlog.logql.syntax;

import dev.clusterlog.core.query.LabelMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Random valid LogQL ASTs, deterministic for a seed. */
final class AstGenerator {
    private static final String[] NAMES = {"a", "b", "app", "level", "status_code", "x1", "_hidden", "pod", "ns:sub",
        "__error__", "method", "duration_ms"};
    private static final String[] REGEXES = {".+", "a|b", "foo.*bar", "(?i)err", "[0-9]+", "\\d{2,3}", "^x$", "",
        "(a)(b)?", "[[:alpha:]]+"};
    private static final String[] NAMED_REGEXES = {"(?P<method>\\w+) (?P<path>\\S+)", "(?P<a>.*)", "x=(?P<x_1>\\d+)"};
    private static final String[] PATTERNS = {"<ip> - <_> \"<method> <uri>\"", "<_> level=<level> <_>", "<a>,<b>",
        "[<ts>] <msg>"};
    private static final String[] FILTER_PATTERNS = {"<_> error <_>", "abc", "<_>x"};
    private static final String[] IPS = {"192.168.0.1", "10.0.0.0/8", "192.168.4.5-192.168.4.20", "::1",
        "2001:db8::/32"};
    private static final String[] JSON_PATHS = {"a", "a.b", "a[0]", "a[\"x.y\"]", "servers[0].name", ".c"};
    private static final String[] TEMPLATES = {"{{.a}}", "{{ .a | ToUpper }}", "{{ if eq .level \"error\" }}E{{ else }}O{{ end }}",
        "{{ __line__ }}", "{{ printf \"%s-%d\" .a 5 }}", "plain text", "{{- .b -}} x", "{{ div .a 2 }}"};

    private final Random rnd;

    AstGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    String name() {
        if (rnd.nextInt(5) == 0) {
            StringBuilder sb = new StringBuilder();
            sb.append((char) ('a' + rnd.nextInt(26)));
            int n = rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                sb.append("abcdefghijklmnopqrstuvwxyz0123456789_".charAt(rnd.nextInt(37)));
            }
            String s = sb.toString();
            return Parser.isKeyword(s) ? "k_" + s : s;
        }
        return pick(NAMES);
    }

    String string() {
        int n = rnd.nextInt(8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(10);
            if (k < 6) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            } else if (k == 6) {
                sb.append(pick(new String[] {"\"", "\\", "\n", "\t", "`", " ", "{", "}", "|", "=", "\u0001", "\u007f"}));
            } else if (k == 7) {
                sb.appendCodePoint(0xa0 + rnd.nextInt(0x2000));
            } else if (k == 8) {
                sb.appendCodePoint(0x1F600 + rnd.nextInt(50));
            } else {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
        }
        return sb.toString();
    }

    String nonEmptyString() {
        String s = string();
        return s.isEmpty() ? "v" : s;
    }

    double number() {
        return switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextInt(1000);
            case 1 -> rnd.nextInt(100000) / 100.0;
            case 2 -> (rnd.nextInt(9) + 1) * Math.pow(10, rnd.nextInt(40) - 20);
            case 3 -> rnd.nextDouble();
            default -> 0.5;
        };
    }

    long duration() {
        long[] units = {1, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L, 86_400_000_000_000L};
        long d = 0;
        int parts = 1 + rnd.nextInt(3);
        for (int i = 0; i < parts; i++) {
            d += (1 + rnd.nextInt(90)) * units[rnd.nextInt(units.length)];
        }
        return d;
    }

    LabelMatcher matcher(boolean nonEmpty) {
        if (nonEmpty) {
            return rnd.nextBoolean() ? LabelMatcher.eq(name(), nonEmptyString())
                    : LabelMatcher.of(name(), LabelMatcher.Type.RE, ".+");
        }
        LabelMatcher.Type t = LabelMatcher.Type.values()[rnd.nextInt(4)];
        String v = t == LabelMatcher.Type.RE || t == LabelMatcher.Type.NRE ? pick(REGEXES) : string();
        return LabelMatcher.of(name(), t, v);
    }

    LogSelectorExpr selector(int maxStages) {
        List<LabelMatcher> ms = new ArrayList<>();
        ms.add(matcher(true));
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            ms.add(matcher(false));
        }
        List<Stage> stages = new ArrayList<>();
        int s = rnd.nextInt(maxStages + 1);
        for (int i = 0; i < s; i++) {
            Stage st = stage();
            if (st instanceof Stage.LineFilter f && !stages.isEmpty() && endsWithBareName(stages.get(stages.size() - 1))
                    && (f.op() == Stage.FilterOp.NOT_CONTAINS || f.op() == Stage.FilterOp.NOT_MATCHES)) {
                // "| keep a != \"x\"" reads as the matcher a!="x" in LogQL (as in Loki): not printable otherwise
                continue;
            }
            stages.add(st);
        }
        return new LogSelectorExpr(ms, stages);
    }

    Stage stage() {
        return switch (rnd.nextInt(13)) {
            case 0, 1 -> lineFilter();
            case 2 -> new Stage.Json(extractions(true));
            case 3 -> new Stage.Logfmt(rnd.nextBoolean(), rnd.nextBoolean(), extractions(false));
            case 4 -> new Stage.Regexp(pick(NAMED_REGEXES));
            case 5 -> new Stage.Pattern(pick(PATTERNS));
            case 6 -> new Stage.Unpack();
            case 7, 8 -> new Stage.LabelFilterStage(labelFilter(2));
            case 9 -> new Stage.LineFormat(pick(TEMPLATES));
            case 10 -> {
                List<Stage.LabelFormatItem> items = new ArrayList<>();
                Set<String> dsts = new LinkedHashSet<>();
                int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    String dst = name();
                    if (dsts.add(dst)) {
                        boolean tmpl = rnd.nextBoolean();
                        items.add(new Stage.LabelFormatItem(dst, tmpl ? pick(TEMPLATES) : name(), tmpl));
                    }
                }
                yield new Stage.LabelFormat(items);
            }
            case 11 -> rnd.nextBoolean() ? new Stage.Drop(namedMatchers()) : new Stage.Keep(namedMatchers());
            default -> new Stage.Decolorize();
        };
    }

    private static boolean endsWithBareName(Stage s) {
        List<Stage.NamedMatcher> items = s instanceof Stage.Drop d ? d.items() : s instanceof Stage.Keep k ? k.items() : null;
        return items != null && items.get(items.size() - 1).matcher() == null;
    }

    private List<Stage.NamedMatcher> namedMatchers() {
        List<Stage.NamedMatcher> out = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (rnd.nextBoolean()) {
                out.add(new Stage.NamedMatcher(name(), null));
            } else {
                LabelMatcher m = matcher(false);
                out.add(new Stage.NamedMatcher(m.name(), m));
            }
        }
        return out;
    }

    private List<Stage.Extraction> extractions(boolean json) {
        List<Stage.Extraction> out = new ArrayList<>();
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            String label = name();
            String expr = rnd.nextInt(3) == 0 ? null : json ? pick(JSON_PATHS) : nonEmptyString();
            out.add(new Stage.Extraction(label, expr));
        }
        return out;
    }

    Stage.LineFilter lineFilter() {
        Stage.FilterOp op = Stage.FilterOp.values()[rnd.nextInt(6)];
        List<Stage.FilterValue> values = new ArrayList<>();
        int n = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0);
        for (int i = 0; i < n; i++) {
            values.add(switch (op) {
                case CONTAINS, NOT_CONTAINS -> rnd.nextInt(5) == 0 ? new Stage.FilterValue(pick(IPS), true)
                        : new Stage.FilterValue(string(), false);
                case MATCHES, NOT_MATCHES -> new Stage.FilterValue(pick(REGEXES), false);
                default -> new Stage.FilterValue(pick(FILTER_PATTERNS), false);
            });
        }
        return new Stage.LineFilter(op, values);
    }

    LabelFilter labelFilter(int depth) {
        if (depth > 0 && rnd.nextInt(3) == 0) {
            LabelFilter l = labelFilter(depth - 1);
            LabelFilter r = labelFilter(depth - 1);
            return rnd.nextBoolean() ? new LabelFilter.And(l, r) : new LabelFilter.Or(l, r);
        }
        LabelFilter.Cmp cmp = LabelFilter.Cmp.values()[rnd.nextInt(6)];
        return switch (rnd.nextInt(5)) {
            case 0 -> {
                LabelMatcher m = matcher(false);
                yield new LabelFilter.StringFilter(m);
            }
            case 1 -> new LabelFilter.NumberFilter(name(), cmp, rnd.nextBoolean() ? number() : -number() - 1);
            case 2 -> new LabelFilter.DurationFilter(name(), cmp, rnd.nextInt(4) == 0 ? -duration() : duration());
            case 3 -> new LabelFilter.BytesFilter(name(), cmp, rnd.nextInt(1 << 30));
            default -> new LabelFilter.IpFilter(name(), rnd.nextBoolean(), pick(IPS));
        };
    }

    Grouping grouping() {
        List<String> labels = new ArrayList<>();
        int n = rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            labels.add(name());
        }
        return new Grouping(rnd.nextBoolean(), labels);
    }

    SampleExpr.RangeAggregation rangeAggregation() {
        RangeOp op = RangeOp.values()[rnd.nextInt(RangeOp.values().length)];
        boolean unwrap;
        if (op.allowsUnwrap() && op.allowsWithoutUnwrap()) {
            unwrap = rnd.nextBoolean();
        } else {
            unwrap = op.allowsUnwrap();
        }
        Unwrap u = null;
        if (unwrap) {
            List<LabelFilter> post = new ArrayList<>();
            int n = rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                post.add(labelFilter(1));
            }
            u = new Unwrap(Unwrap.Conversion.values()[rnd.nextInt(4)], name(), post);
        }
        long offset = rnd.nextInt(3) == 0 ? duration() : 0;
        LogRange range = new LogRange(selector(3), u, duration(), offset);
        Double param = op == RangeOp.QUANTILE_OVER_TIME ? rnd.nextDouble() : null;
        Grouping g = op.allowsGrouping() && rnd.nextBoolean() ? grouping() : null;
        return new SampleExpr.RangeAggregation(op, param, range, g);
    }

    /** A vector-valued expression. */
    SampleExpr vectorExpr(int depth) {
        int k = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(6);
        return switch (k) {
            case 0 -> rangeAggregation();
            case 1 -> rnd.nextInt(4) == 0 ? new SampleExpr.Vector(rnd.nextBoolean() ? number() : -number() - 1)
                    : rangeAggregation();
            case 2 -> {
                VectorOp op = VectorOp.values()[rnd.nextInt(VectorOp.values().length)];
                Grouping g = op.allowsGrouping() && rnd.nextBoolean() ? grouping() : null;
                Integer param = op.takesParam() ? 1 + rnd.nextInt(20) : null;
                yield new SampleExpr.VectorAggregation(op, g, param, vectorExpr(depth - 1));
            }
            case 3 -> new SampleExpr.LabelReplace(vectorExpr(depth - 1), name().replace(":", "_"), string(), name(),
                    pick(REGEXES));
            default -> binary(depth - 1, true);
        };
    }

    SampleExpr scalarExpr(int depth) {
        if (depth <= 0 || rnd.nextBoolean()) {
            return new SampleExpr.Literal(rnd.nextInt(4) == 0 ? -number() - 1 : number());
        }
        BinaryOp op = BinaryOp.values()[3 + rnd.nextInt(12)];
        return new SampleExpr.Binary(op, scalarExpr(depth - 1), scalarExpr(depth - 1), op.isComparison(), null);
    }

    SampleExpr binary(int depth, boolean mustBeVector) {
        BinaryOp op = BinaryOp.values()[rnd.nextInt(BinaryOp.values().length)];
        if (op.isSetOperator()) {
            VectorMatching m = rnd.nextBoolean() ? null
                    : new VectorMatching(rnd.nextBoolean(), grouping().labels(), VectorMatching.Card.ONE_TO_ONE, List.of());
            return new SampleExpr.Binary(op, vectorExpr(depth), vectorExpr(depth), false, m);
        }
        int shape = rnd.nextInt(mustBeVector ? 3 : 4);
        SampleExpr l;
        SampleExpr r;
        switch (shape) {
            case 0 -> {
                l = vectorExpr(depth);
                r = vectorExpr(depth);
            }
            case 1 -> {
                l = vectorExpr(depth);
                r = scalarExpr(1);
            }
            case 2 -> {
                l = scalarExpr(1);
                r = vectorExpr(depth);
            }
            default -> {
                l = scalarExpr(1);
                r = scalarExpr(1);
            }
        }
        boolean bool = op.isComparison() && (shape == 3 || rnd.nextBoolean());
        VectorMatching m = null;
        if (shape == 0 && rnd.nextBoolean()) {
            VectorMatching.Card card = VectorMatching.Card.values()[rnd.nextInt(3)];
            List<String> include = card == VectorMatching.Card.ONE_TO_ONE ? List.of() : grouping().labels();
            m = new VectorMatching(rnd.nextBoolean(), grouping().labels(), card, include);
        }
        return new SampleExpr.Binary(op, l, r, bool, m);
    }

    Expr query() {
        return switch (rnd.nextInt(4)) {
            case 0 -> selector(5);
            case 1 -> binary(2, false);
            default -> vectorExpr(3);
        };
    }
}
