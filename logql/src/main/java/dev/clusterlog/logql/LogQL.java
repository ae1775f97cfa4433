package dev.clusterlog.logql;

import dev.clusterlog.logql.eval.PushdownHints;
import dev.clusterlog.logql.syntax.Expr;
import dev.clusterlog.logql.syntax.LogSelectorExpr;
import dev.clusterlog.logql.syntax.Parser;
import dev.clusterlog.logql.syntax.Printer;
import dev.clusterlog.logql.syntax.SampleExpr;
import dev.clusterlog.logql.syntax.LogRange;
import java.util.ArrayList;
import java.util.List;

/** The module's front door: parse, print, and read what a store can use from a query. */
public final class LogQL {
    private LogQL() {
    }

    /** Parses and validates; throws {@link dev.clusterlog.logql.syntax.ParseException} (answer 400). */
    public static Expr parse(String query) {
        return Parser.parse(query);
    }

    /**
     * The matchers of a bare stream selector ({@code {app="foo", env=~"prod|dev"}}), as the
     * {@code match[]}/{@code query} parameters of the series, labels and volume endpoints take them;
     * a pipeline is rejected, and so is a selector whose matchers all match the empty value.
     */
    public static List<dev.clusterlog.core.query.LabelMatcher> parseMatchers(String selector) {
        Expr e = Parser.parse(selector);
        if (!(e instanceof LogSelectorExpr s) || !s.stages().isEmpty()) {
            throw dev.clusterlog.logql.syntax.ParseException.validation("only a stream selector is allowed here, got: "
                    + selector);
        }
        return s.matchers();
    }

    /** Canonical text of a query. */
    public static String print(Expr expr) {
        return Printer.print(expr);
    }

    /** Every log selector of a query (one for a log query; one per range aggregation otherwise). */
    public static List<LogSelectorExpr> selectors(Expr expr) {
        List<LogSelectorExpr> out = new ArrayList<>();
        collect(expr, out);
        return out;
    }

    /** The pushdown hints of each selector of a query, in {@link #selectors} order. */
    public static List<PushdownHints> pushdownHints(Expr expr) {
        return selectors(expr).stream().map(PushdownHints::of).toList();
    }

    private static void collect(Expr e, List<LogSelectorExpr> out) {
        switch (e) {
            case LogSelectorExpr s -> out.add(s);
            case SampleExpr.RangeAggregation r -> {
                LogRange range = r.range();
                out.add(range.selector());
            }
            case SampleExpr.VectorAggregation v -> collect(v.inner(), out);
            case SampleExpr.Binary b -> {
                collect(b.left(), out);
                collect(b.right(), out);
            }
            case SampleExpr.LabelReplace l -> collect(l.inner(), out);
            case SampleExpr.Literal l -> {
            }
            case SampleExpr.Vector v -> {
            }
        }
    }
}
