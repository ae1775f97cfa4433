package dev.clusterlog.logql.eval;

/**
 * Per-query limits; 0 means unlimited. Names are Loki's configuration keys, used in
 * {@link LimitExceededException#limit()}.
 */
public record QueryLimits(int maxSeries, int maxEntriesLimitPerQuery, long maxBytesScanned, long timeoutNanos) {
    public static final QueryLimits NONE = new QueryLimits(0, 0, 0, 0);
}
