package dev.clusterlog.logql.syntax;

import dev.clusterlog.core.query.LabelMatcher;

/** Loki's semantic checks after parsing; failures are {@link ParseException}s without a position. */
final class Validator {
    private Validator() {
    }

    static void validate(Expr e) {
        switch (e) {
            case LogSelectorExpr s -> selector(s);
            case SampleExpr.RangeAggregation r -> range(r);
            case SampleExpr.VectorAggregation v -> {
                if (v.op().takesParam() && v.param() <= 0) {
                    throw ParseException.validation("invalid parameter (must be greater than 0) " + v.param()
                            + " for operation " + v.op().text());
                }
                if (v.grouping() != null && !v.op().allowsGrouping()) {
                    throw ParseException.validation("grouping not allowed for " + v.op().text() + " aggregation");
                }
                validate(v.inner());
            }
            case SampleExpr.Binary b -> binary(b);
            case SampleExpr.LabelReplace l -> {
                if (!l.dst().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw ParseException.validation("invalid destination label name in label_replace(): " + l.dst());
                }
                validate(l.inner());
            }
            case SampleExpr.Literal l -> {
            }
            case SampleExpr.Vector v -> {
            }
        }
    }

    private static void selector(LogSelectorExpr s) {
        boolean ok = false;
        for (LabelMatcher m : s.matchers()) {
            if (!m.matchesEmpty()) {
                ok = true;
                break;
            }
        }
        if (!ok) {
            throw ParseException.validation(Parser.EMPTY_MATCHERS);
        }
    }

    private static void range(SampleExpr.RangeAggregation r) {
        selector(r.range().selector());
        RangeOp op = r.op();
        if (r.range().unwrap() == null && !op.allowsWithoutUnwrap()) {
            throw ParseException.validation("invalid aggregation " + op.text() + " without unwrap");
        }
        if (r.range().unwrap() != null && !op.allowsUnwrap()) {
            throw ParseException.validation("invalid aggregation " + op.text() + " with unwrap");
        }
        if (r.grouping() != null && !op.allowsGrouping()) {
            throw ParseException.validation("grouping not allowed for " + op.text() + " aggregation");
        }
        if (op == RangeOp.QUANTILE_OVER_TIME && r.param() == null) {
            throw ParseException.validation("parameter required for operation " + op.text());
        }
        if (op != RangeOp.QUANTILE_OVER_TIME && r.param() != null) {
            throw ParseException.validation("parameter " + Printer.number(r.param()) + " not supported for operation "
                    + op.text());
        }
        if (r.range().rangeNanos() <= 0) {
            throw ParseException.validation("invalid range " + Durations.format(r.range().rangeNanos())
                    + ": must be positive");
        }
    }

    private static void binary(SampleExpr.Binary b) {
        BinaryOp op = b.op();
        if (b.returnBool() && !op.isComparison()) {
            throw ParseException.validation("bool modifier can only be used on comparison operators");
        }
        boolean leftScalar = isScalar(b.left());
        boolean rightScalar = isScalar(b.right());
        if (op.isSetOperator() && (leftScalar || rightScalar)) {
            throw ParseException.validation("unexpected literal for right leg of logical/set binary operation ("
                    + op.text() + "): set operations are only allowed between vectors");
        }
        if (op.isComparison() && leftScalar && rightScalar && !b.returnBool()) {
            throw ParseException.validation("comparisons between scalars must use BOOL modifier");
        }
        if (b.matching() != null) {
            if (leftScalar || rightScalar) {
                throw ParseException.validation("vector matching only allowed between vectors");
            }
            if (op.isSetOperator() && b.matching().card() != VectorMatching.Card.ONE_TO_ONE) {
                throw ParseException.validation("no grouping allowed for \"" + op.text() + "\" operation");
            }
        }
        validate(b.left());
        validate(b.right());
    }

    /** True for expressions that evaluate to a scalar: literals and arithmetic on literals. */
    static boolean isScalar(SampleExpr e) {
        return e instanceof SampleExpr.Literal
                || e instanceof SampleExpr.Binary b && isScalar(b.left()) && isScalar(b.right());
    }
}
