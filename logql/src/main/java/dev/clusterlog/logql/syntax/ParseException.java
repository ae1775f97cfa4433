package dev.clusterlog.logql.syntax;

/**
 * A query that does not parse or validate, worded as Loki's {@code logqlmodel.ParseError}:
 * {@code parse error at line 1, col 5: syntax error: unexpected X, expecting Y}, or
 * {@code parse error : <message>} for validation errors that have no position. The server answers
 * it with 400.
 */
public final class ParseException extends RuntimeException {
    private final int line;
    private final int column;
    private final String detail;

    public ParseException(String detail, int line, int column) {
        super(line == 0 && column == 0
                ? "parse error : " + detail
                : "parse error at line " + line + ", col " + column + ": " + detail);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public static ParseException validation(String detail) {
        return new ParseException(detail, 0, 0);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }
}
