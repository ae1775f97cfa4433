package dev.clusterlog.logql.log;

/** One compiled pipeline stage: returns false to drop the entry. */
@FunctionalInterface
interface Step {
    boolean apply(LogEntry e);
}
