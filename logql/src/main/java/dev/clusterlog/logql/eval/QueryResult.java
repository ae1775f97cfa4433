package dev.clusterlog.logql.eval;

/** A result and the statistics of the query that produced it. */
public record QueryResult(Result result, QueryStats stats) {
}
