package dev.clusterlog.logql.eval;

/** What a query read: the {@code summary} part of Loki's {@code stats}. */
public record QueryStats(long totalBytesProcessed, long totalLinesProcessed, long execTimeNanos) {
    public long bytesProcessedPerSecond() {
        return execTimeNanos <= 0 ? 0 : (long) (totalBytesProcessed / (execTimeNanos / 1e9));
    }

    public long linesProcessedPerSecond() {
        return execTimeNanos <= 0 ? 0 : (long) (totalLinesProcessed / (execTimeNanos / 1e9));
    }
}
