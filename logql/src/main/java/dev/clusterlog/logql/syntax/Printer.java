package dev.clusterlog.logql.syntax;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.text.GoStrings;
import java.util.List;

/**
 * Canonical LogQL text of an AST: {@code parse(print(e)).equals(e)} for every valid {@code e}.
 * Strings are Go-quoted, durations in {@link Durations#format}, byte sizes as {@code <n>B},
 * numbers as integers when integral; parentheses only where precedence needs them.
 *
 * <p>One AST has no text, in LogQL as in Loki: a {@code drop}/{@code keep} whose last item is a
 * bare name followed by a {@code !=}/{@code !~} line filter ({@code | keep a != "x"} reads as the
 * matcher {@code a!="x"}). The round-trip property excludes it.
 */
public final class Printer {
    private Printer() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        expr(sb, e);
        return sb.toString();
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static void expr(StringBuilder sb, Expr e) {
        switch (e) {
            case LogSelectorExpr s -> selector(sb, s);
            case SampleExpr.Literal l -> sb.append(number(l.value()));
            case SampleExpr.Vector v -> sb.append("vector(").append(number(v.value())).append(')');
            case SampleExpr.LabelReplace l -> {
                sb.append("label_replace(");
                expr(sb, l.inner());
                sb.append(", ").append(q(l.dst())).append(", ").append(q(l.replacement())).append(", ")
                        .append(q(l.src())).append(", ").append(q(l.regex())).append(')');
            }
            case SampleExpr.RangeAggregation r -> {
                sb.append(r.op().text()).append('(');
                if (r.param() != null) {
                    sb.append(number(r.param())).append(", ");
                }
                logRange(sb, r.range());
                sb.append(')');
                grouping(sb, r.grouping());
            }
            case SampleExpr.VectorAggregation v -> {
                sb.append(v.op().text());
                grouping(sb, v.grouping());
                sb.append('(');
                if (v.param() != null) {
                    sb.append(v.param()).append(", ");
                }
                expr(sb, v.inner());
                sb.append(')');
            }
            case SampleExpr.Binary b -> binary(sb, b);
        }
    }

    private static void binary(StringBuilder sb, SampleExpr.Binary b) {
        int p = b.op().precedence();
        boolean rightAssoc = b.op().rightAssociative();
        operand(sb, b.left(), rightAssoc ? p + 1 : p);
        sb.append(' ').append(b.op().text());
        if (b.returnBool()) {
            sb.append(" bool");
        }
        VectorMatching m = b.matching();
        if (m != null) {
            sb.append(m.on() ? " on " : " ignoring ");
            labels(sb, m.labels());
            if (m.card() != VectorMatching.Card.ONE_TO_ONE) {
                sb.append(m.card() == VectorMatching.Card.GROUP_LEFT ? " group_left " : " group_right ");
                labels(sb, m.include());
            }
        }
        sb.append(' ');
        operand(sb, b.right(), rightAssoc ? p : p + 1);
    }

    /** Prints an operand, in parentheses when it binds looser than {@code minPrecedence} or is a negative literal on the right of ^. */
    private static void operand(StringBuilder sb, SampleExpr e, int minPrecedence) {
        boolean parens = e instanceof SampleExpr.Binary b && b.op().precedence() < minPrecedence
                || e instanceof SampleExpr.Literal l && l.value() < 0 && minPrecedence > 6;
        if (parens) {
            sb.append('(');
        }
        expr(sb, e);
        if (parens) {
            sb.append(')');
        }
    }

    private static void grouping(StringBuilder sb, Grouping g) {
        if (g == null) {
            return;
        }
        sb.append(g.without() ? " without " : " by ");
        labels(sb, g.labels());
        sb.append(' ');
    }

    private static void labels(StringBuilder sb, List<String> labels) {
        sb.append('(').append(String.join(", ", labels)).append(')');
    }

    private static void logRange(StringBuilder sb, LogRange r) {
        selector(sb, r.selector());
        Unwrap u = r.unwrap();
        if (u != null) {
            sb.append(" | unwrap ");
            if (u.conversion() == Unwrap.Conversion.NONE) {
                sb.append(u.label());
            } else {
                sb.append(u.conversion().function()).append('(').append(u.label()).append(')');
            }
            for (LabelFilter f : u.postFilters()) {
                sb.append(" | ");
                labelFilter(sb, f, 0);
            }
        }
        sb.append(" [").append(Durations.format(r.rangeNanos())).append(']');
        if (r.offsetNanos() != 0) {
            sb.append(" offset ").append(Durations.format(r.offsetNanos()));
        }
    }

    private static void selector(StringBuilder sb, LogSelectorExpr s) {
        sb.append('{');
        for (int i = 0; i < s.matchers().size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            matcher(sb, s.matchers().get(i));
        }
        sb.append('}');
        for (Stage st : s.stages()) {
            sb.append(' ');
            stage(sb, st);
        }
    }

    private static void matcher(StringBuilder sb, LabelMatcher m) {
        sb.append(m.name()).append(m.type().operator()).append(q(m.value()));
    }

    static String q(String s) {
        return GoStrings.quote(s);
    }

    private static void stage(StringBuilder sb, Stage st) {
        switch (st) {
            case Stage.LineFilter f -> {
                sb.append(f.op().text()).append(' ');
                for (int i = 0; i < f.values().size(); i++) {
                    if (i > 0) {
                        sb.append(" or ");
                    }
                    Stage.FilterValue v = f.values().get(i);
                    sb.append(v.ip() ? "ip(" + q(v.value()) + ")" : q(v.value()));
                }
            }
            case Stage.Json j -> {
                sb.append("| json");
                extractions(sb, j.extractions());
            }
            case Stage.Logfmt l -> {
                sb.append("| logfmt");
                if (l.strict()) {
                    sb.append(" --strict");
                }
                if (l.keepEmpty()) {
                    sb.append(" --keep-empty");
                }
                extractions(sb, l.extractions());
            }
            case Stage.Regexp r -> sb.append("| regexp ").append(q(r.regex()));
            case Stage.Pattern p -> sb.append("| pattern ").append(q(p.pattern()));
            case Stage.Unpack u -> sb.append("| unpack");
            case Stage.Decolorize d -> sb.append("| decolorize");
            case Stage.LineFormat l -> sb.append("| line_format ").append(q(l.template()));
            case Stage.LabelFormat l -> {
                sb.append("| label_format ");
                for (int i = 0; i < l.items().size(); i++) {
                    Stage.LabelFormatItem it = l.items().get(i);
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(it.dst()).append('=').append(it.template() ? q(it.value()) : it.value());
                }
            }
            case Stage.Drop d -> {
                sb.append("| drop ");
                namedMatchers(sb, d.items());
            }
            case Stage.Keep k -> {
                sb.append("| keep ");
                namedMatchers(sb, k.items());
            }
            case Stage.LabelFilterStage f -> {
                sb.append("| ");
                labelFilter(sb, f.filter(), 0);
            }
        }
    }

    private static void extractions(StringBuilder sb, List<Stage.Extraction> ex) {
        for (int i = 0; i < ex.size(); i++) {
            sb.append(i == 0 ? " " : ", ");
            Stage.Extraction e = ex.get(i);
            sb.append(e.label());
            if (e.expression() != null) {
                sb.append('=').append(q(e.expression()));
            }
        }
    }

    private static void namedMatchers(StringBuilder sb, List<Stage.NamedMatcher> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Stage.NamedMatcher m = items.get(i);
            if (m.matcher() == null) {
                sb.append(m.name());
            } else {
                matcher(sb, m.matcher());
            }
        }
    }

    /** level: 0 top, 1 inside or (and's operand), parenthesize per precedence and associativity. */
    private static void labelFilter(StringBuilder sb, LabelFilter f, int minLevel) {
        switch (f) {
            case LabelFilter.Or o -> {
                boolean parens = minLevel > 0;
                if (parens) {
                    sb.append('(');
                }
                labelFilter(sb, o.left(), 0);
                sb.append(" or ");
                labelFilter(sb, o.right(), 1);
                if (parens) {
                    sb.append(')');
                }
            }
            case LabelFilter.And a -> {
                boolean parens = minLevel > 1;
                if (parens) {
                    sb.append('(');
                }
                labelFilter(sb, a.left(), 1);
                sb.append(" and ");
                labelFilter(sb, a.right(), 2);
                if (parens) {
                    sb.append(')');
                }
            }
            case LabelFilter.StringFilter s -> matcher(sb, s.matcher());
            case LabelFilter.NumberFilter n -> {
                sb.append(n.name()).append(' ').append(n.cmp().text()).append(' ');
                sb.append(number(n.value()));
            }
            case LabelFilter.DurationFilter d ->
                    sb.append(d.name()).append(' ').append(d.cmp().text()).append(' ').append(Durations.format(d.nanos()));
            case LabelFilter.BytesFilter b ->
                    sb.append(b.name()).append(' ').append(b.cmp().text()).append(' ').append(ByteSizes.format(b.bytes()));
            case LabelFilter.IpFilter ip ->
                    sb.append(ip.name()).append(ip.negated() ? " != " : " = ").append("ip(").append(q(ip.pattern()))
                            .append(')');
        }
    }
}
