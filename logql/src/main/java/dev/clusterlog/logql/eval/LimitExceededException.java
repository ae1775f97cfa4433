package dev.clusterlog.logql.eval;

/** A query stopped by a limit; the server answers 400 (Loki does) with the message. */
public final class LimitExceededException extends QueryException {
    private final String limit;

    public LimitExceededException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** Which limit: {@code max_query_series}, {@code max_entries_limit_per_query}, {@code max_query_bytes_read}, {@code query_timeout}. */
    public String limit() {
        return limit;
    }
}
