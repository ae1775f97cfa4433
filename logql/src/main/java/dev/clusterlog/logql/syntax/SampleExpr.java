package dev.clusterlog.logql.syntax;

/** A metric query node: evaluates to a vector (or a scalar) at each step. */
public sealed interface SampleExpr extends Expr {

    /** {@code op([param,] logRange) [grouping]}. */
    record RangeAggregation(RangeOp op, Double param, LogRange range, Grouping grouping) implements SampleExpr {
    }

    /** {@code op [grouping] ([param,] inner) [grouping]}. */
    record VectorAggregation(VectorOp op, Grouping grouping, Integer param, SampleExpr inner) implements SampleExpr {
    }

    /** {@code left op [bool] [matching] right}. */
    record Binary(BinaryOp op, SampleExpr left, SampleExpr right, boolean returnBool, VectorMatching matching)
            implements SampleExpr {
    }

    /** A number literal; negative literals are written {@code -1}. */
    record Literal(double value) implements SampleExpr {
    }

    /** {@code vector(value)}: a vector with one sample without labels. */
    record Vector(double value) implements SampleExpr {
    }

    /** {@code label_replace(inner, "dst", "replacement", "src", "regex")}. */
    record LabelReplace(SampleExpr inner, String dst, String replacement, String src, String regex)
            implements SampleExpr {
    }
}
