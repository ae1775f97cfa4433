package dev.clusterlog.logql.syntax;

/** Binary operators with Prometheus' precedence (higher binds tighter; {@code ^} is right-associative). */
public enum BinaryOp {
    OR("or", 1), AND("and", 2), UNLESS("unless", 2),
    EQ("==", 3), NEQ("!=", 3), GT(">", 3), GTE(">=", 3), LT("<", 3), LTE("<=", 3),
    ADD("+", 4), SUB("-", 4),
    MUL("*", 5), DIV("/", 5), MOD("%", 5),
    POW("^", 6);

    private final String text;
    private final int precedence;

    BinaryOp(String text, int precedence) {
        this.text = text;
        this.precedence = precedence;
    }

    public String text() {
        return text;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return precedence == 3;
    }

    public boolean isSetOperator() {
        return this == OR || this == AND || this == UNLESS;
    }

    public boolean rightAssociative() {
        return this == POW;
    }

    public static BinaryOp byText(String text) {
        for (BinaryOp op : values()) {
            if (op.text.equals(text)) {
                return op;
            }
        }
        return null;
    }
}
