package dev.clusterlog.logql.syntax;

/** Vector aggregation operators. */
public enum VectorOp {
    SUM, AVG, MIN, MAX, COUNT, STDDEV, STDVAR, TOPK, BOTTOMK, SORT, SORT_DESC;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean takesParam() {
        return this == TOPK || this == BOTTOMK;
    }

    public boolean allowsGrouping() {
        return this != SORT && this != SORT_DESC;
    }

    public static VectorOp byText(String text) {
        for (VectorOp op : values()) {
            if (op.text().equals(text)) {
                return op;
            }
        }
        return null;
    }
}
