package dev.clusterlog.logql.syntax;

/** {@code selector pipeline [| unwrap ...] [range] [offset d]}: the input of a range aggregation. */
public record LogRange(LogSelectorExpr selector, Unwrap unwrap, long rangeNanos, long offsetNanos) {
}
