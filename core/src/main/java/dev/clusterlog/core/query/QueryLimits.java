package dev.clusterlog.core.query;

import java.time.Duration;

/**
 * Resource limits of one query. Each limit is off when 0 (or {@link Duration#ZERO}), as in Loki's
 * configuration; exceeding one throws {@link QueryLimitExceededException} naming it by its Loki
 * key.
 *
 * @param maxEntries      {@code max_entries_limit_per_query}: entries a log query may return
 * @param maxSeries       {@code max_query_series}: series a metric query may return
 * @param maxBytesScanned {@code max_query_bytes_read}: line and metadata bytes a query may read (decompressed)
 * @param timeout         {@code query_timeout}: wall time of one query
 */
public record QueryLimits(long maxEntries, int maxSeries, long maxBytesScanned, Duration timeout) {
    public static final QueryLimits UNLIMITED = new QueryLimits(0, 0, 0, Duration.ZERO);

    public QueryLimits {
        if (maxEntries < 0 || maxSeries < 0 || maxBytesScanned < 0 || timeout.isNegative()) {
            throw new IllegalArgumentException("query limits must be 0 (off) or positive: " + maxEntries + " entries, "
                    + maxSeries + " series, " + maxBytesScanned + " bytes, " + timeout);
        }
    }

    /** Throws when {@code bytes} is over {@link #maxBytesScanned()}. */
    public void checkBytesScanned(long bytes) {
        if (maxBytesScanned > 0 && bytes > maxBytesScanned) {
            throw new QueryLimitExceededException(QueryLimitExceededException.BYTES_SCANNED,
                    "the query would read " + bytes + " bytes, more than max_query_bytes_read (" + maxBytesScanned + ")");
        }
    }

    /** Throws when {@code series} is over {@link #maxSeries()}; Loki's wording. */
    public void checkSeries(int series) {
        if (maxSeries > 0 && series > maxSeries) {
            throw new QueryLimitExceededException(QueryLimitExceededException.SERIES,
                    "maximum of series (" + maxSeries + ") reached for a single query");
        }
    }

    /** Throws when a log query asks for more than {@link #maxEntries()} entries; Loki's wording. */
    public void checkEntriesRequested(long limit) {
        if (maxEntries > 0 && limit > maxEntries) {
            throw new QueryLimitExceededException(QueryLimitExceededException.ENTRIES,
                    "max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit + " > "
                            + maxEntries + ")");
        }
    }

    /** The deadline for a query started at {@code startNanos} of a nano clock; {@code Long.MAX_VALUE} without a timeout. */
    public long deadline(long startNanos) {
        return timeout.isZero() ? Long.MAX_VALUE : startNanos + timeout.toNanos();
    }
}
