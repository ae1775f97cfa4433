package dev.clusterlog.core.query;

/**
 * A query stopped by one of its {@link QueryLimits}: the client's to fix (the server answers 4xx
 * with the message, as Loki does). {@link #limit()} is the limit's Loki configuration key.
 */
public final class QueryLimitExceededException extends RuntimeException {
    public static final String ENTRIES = "max_entries_limit_per_query";
    public static final String SERIES = "max_query_series";
    public static final String BYTES_SCANNED = "max_query_bytes_read";
    public static final String TIMEOUT = "query_timeout";

    private final String limit;

    public QueryLimitExceededException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    public String limit() {
        return limit;
    }
}
