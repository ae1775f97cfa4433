package dev.clusterlog.store;

import java.time.Duration;

/**
 * Resource limits of one query; exceeding one throws {@link QueryLimitExceededException} naming it.
 *
 * @param maxBytesScanned decompressed bytes of blocks and head data a query may read
 * @param maxEntries      entries a query may return
 * @param timeout         wall time from the select call
 */
public record QueryLimits(long maxBytesScanned, long maxEntries, Duration timeout) {
    public static final QueryLimits DEFAULT = new QueryLimits(16L << 30, 1_000_000, Duration.ofMinutes(2));
    public static final QueryLimits UNLIMITED = new QueryLimits(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofDays(365));

    public QueryLimits {
        if (maxBytesScanned <= 0 || maxEntries <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("query limits must be positive: " + maxBytesScanned + " bytes, "
                    + maxEntries + " entries, " + timeout);
        }
    }
}
