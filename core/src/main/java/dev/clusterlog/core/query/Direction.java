package dev.clusterlog.core.query;

/** Time order of a query's entries: oldest first or newest first (Loki's {@code direction}; Loki's default is BACKWARD). */
public enum Direction {
    FORWARD,
    BACKWARD
}
