package dev.clusterlog.logql.eval;

/** A query that cannot be answered as asked (a pipeline error in a metric query, a limit): a 4xx. */
public class QueryException extends RuntimeException {
    public QueryException(String message) {
        super(message);
    }
}
