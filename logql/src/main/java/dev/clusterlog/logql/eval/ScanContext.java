package dev.clusterlog.logql.eval;

import java.util.function.LongSupplier;

/** Counts what a query reads and enforces the byte and time limits; one per query, single-threaded. */
final class ScanContext {
    private final QueryLimits limits;
    private final LongSupplier nanoClock;
    private final long startedAt;
    long bytes;
    long lines;

    ScanContext(QueryLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.startedAt = nanoClock.getAsLong();
    }

    /** Counts one entry read; checks limits every 1024 entries and at the end. */
    void read(int lineBytes) {
        bytes += lineBytes;
        if ((++lines & 1023) == 0) {
            check();
        }
    }

    void check() {
        if (limits.maxBytesScanned() > 0 && bytes > limits.maxBytesScanned()) {
            throw new LimitExceededException("max_query_bytes_read", "the query would read too many bytes (query: "
                    + bytes + " B, limit: " + limits.maxBytesScanned()
                    + " B); consider adding more specific stream selectors or reduce the time range of the query");
        }
        if (limits.timeoutNanos() > 0 && nanoClock.getAsLong() - startedAt > limits.timeoutNanos()) {
            throw new LimitExceededException("query_timeout", "query timed out after "
                    + dev.clusterlog.logql.syntax.Durations.format(limits.timeoutNanos()));
        }
    }

    void checkSeries(int series) {
        if (limits.maxSeries() > 0 && series > limits.maxSeries()) {
            throw new LimitExceededException("max_query_series", "maximum number of series (" + limits.maxSeries()
                    + ") reached for a single query; consider reducing query cardinality by adding more specific"
                    + " stream selectors, reducing the time range, or aggregating results with a vector aggregation");
        }
    }

    QueryStats stats() {
        return new QueryStats(bytes, lines, nanoClock.getAsLong() - startedAt);
    }
}
