package dev.clusterlog.store;

/** A query went over one of its {@link QueryLimits}; the message names the limit and its value. */
public final class QueryLimitExceededException extends RuntimeException {
    public enum Limit {
        BYTES_SCANNED("max_bytes_scanned"), ENTRIES("max_entries"), TIMEOUT("query_timeout");

        private final String key;

        Limit(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final Limit limit;
    private final String value;

    public QueryLimitExceededException(Limit limit, String value) {
        super("query exceeded " + limit.key + " = " + value);
        this.limit = limit;
        this.value = value;
    }

    public Limit limit() {
        return limit;
    }

    public String value() {
        return value;
    }
}
