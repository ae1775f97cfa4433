package dev.clusterlog.logql.eval;

/** Order of entries: {@code FORWARD} oldest first, {@code BACKWARD} newest first (Loki's default). */
public enum Direction { FORWARD, BACKWARD }
