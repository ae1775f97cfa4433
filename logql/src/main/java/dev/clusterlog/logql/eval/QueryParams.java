package dev.clusterlog.logql.eval;

/**
 * Parameters of one query evaluation. Range queries: evaluation steps {@code start, start+step, ...}
 * up to and including {@code end} for metric queries; entries with {@code start <= ts < end} for
 * log queries. Instant queries: one step at {@code start == end}. {@code intervalNanos} (log
 * queries only, 0 = off) keeps one entry per interval per stream, as Loki's {@code interval}.
 */
public record QueryParams(long startNanos, long endNanos, long stepNanos, long intervalNanos, Direction direction,
                          int limit, boolean instant) {

    public QueryParams {
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("end timestamp must not be before or equal to start time");
        }
        if (!instant && stepNanos <= 0) {
            throw new IllegalArgumentException(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be a positive value");
        }
    }

    public static QueryParams range(long startNanos, long endNanos, long stepNanos, Direction direction, int limit) {
        return new QueryParams(startNanos, endNanos, stepNanos, 0, direction, limit, false);
    }

    public static QueryParams instant(long timeNanos, Direction direction, int limit) {
        return new QueryParams(timeNanos, timeNanos, 1, 0, direction, limit, true);
    }

    /**
     * Start and end moved down to multiples of the step, as Loki's query frontend does before it
     * evaluates a metric range query (so results of different requests share timestamps).
     */
    public QueryParams alignedToStep() {
        if (instant) {
            return this;
        }
        return new QueryParams(Math.floorDiv(startNanos, stepNanos) * stepNanos,
                Math.floorDiv(endNanos, stepNanos) * stepNanos, stepNanos, intervalNanos, direction, limit, false);
    }

    public QueryParams withInterval(long interval) {
        return new QueryParams(startNanos, endNanos, stepNanos, interval, direction, limit, instant);
    }
}
