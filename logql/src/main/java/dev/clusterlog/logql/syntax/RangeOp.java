package dev.clusterlog.logql.syntax;

import java.util.EnumSet;
import java.util.Set;

/** Range aggregation operators and Loki's rules for them (pkg/logql/syntax RangeAggregationExpr.validate). */
public enum RangeOp {
    COUNT_OVER_TIME, RATE, RATE_COUNTER, BYTES_OVER_TIME, BYTES_RATE, ABSENT_OVER_TIME,
    SUM_OVER_TIME, AVG_OVER_TIME, MIN_OVER_TIME, MAX_OVER_TIME, STDVAR_OVER_TIME, STDDEV_OVER_TIME,
    QUANTILE_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME;

    static final Set<RangeOp> WITHOUT_UNWRAP =
            EnumSet.of(COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, ABSENT_OVER_TIME);
    static final Set<RangeOp> WITH_UNWRAP = EnumSet.of(AVG_OVER_TIME, SUM_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME,
            STDDEV_OVER_TIME, STDVAR_OVER_TIME, QUANTILE_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME, RATE,
            RATE_COUNTER, ABSENT_OVER_TIME);
    static final Set<RangeOp> GROUPING = EnumSet.of(AVG_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME,
            QUANTILE_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME, FIRST_OVER_TIME, LAST_OVER_TIME);

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean allowsWithoutUnwrap() {
        return WITHOUT_UNWRAP.contains(this);
    }

    public boolean allowsUnwrap() {
        return WITH_UNWRAP.contains(this);
    }

    public boolean allowsGrouping() {
        return GROUPING.contains(this);
    }

    public static RangeOp byText(String text) {
        for (RangeOp op : values()) {
            if (op.text().equals(text)) {
                return op;
            }
        }
        return null;
    }
}
