package dev.clusterlog.store;

/** Time order of a query's results: oldest first or newest first (Loki's {@code direction}). */
public enum Direction { FORWARD, BACKWARD }
