package dev.clusterlog.server;

import dev.clusterlog.store.LogStore;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters, and {@code /metrics} in the Prometheus text format (the store's counters
 * included). Counters only: a scrape reads them without locks.
 */
public final class ServerMetrics {
    public final LongAdder linesReceived = new LongAdder();
    public final LongAdder bytesReceived = new LongAdder();
    public final LongAdder linesTruncated = new LongAdder();
    public final LongAdder pushRejected = new LongAdder();
    public final LongAdder pushRefusedFull = new LongAdder();
    public final LongAdder pushRefusedBusy = new LongAdder();
    public final LongAdder duplicateBatches = new LongAdder();
    public final LongAdder overlappingBatches = new LongAdder();
    public final LongAdder queries = new LongAdder();
    public final LongAdder queriesRejected = new LongAdder();
    public final LongAdder requestErrors = new LongAdder();

    /** Renders every counter as {@code clusterlog_<name>_total}. */
    public String render(LogStore store) {
        StringBuilder sb = new StringBuilder(4096);
        counter(sb, "push_lines", "Lines accepted by the push API", linesReceived);
        counter(sb, "push_bytes", "Line bytes accepted by the push API", bytesReceived);
        counter(sb, "push_lines_truncated", "Lines cut at the maximum line size", linesTruncated);
        counter(sb, "push_rejected", "Push requests rejected as malformed (400)", pushRejected);
        counter(sb, "push_refused_full", "Push requests refused because the store is full (507)", pushRefusedFull);
        counter(sb, "push_refused_busy", "Push requests refused because sealing fell behind (503)", pushRefusedBusy);
        counter(sb, "push_duplicate_batches", "Batches whose source range was already stored", duplicateBatches);
        counter(sb, "push_overlapping_batches", "Batches refused because their range overlaps what is stored",
                overlappingBatches);
        counter(sb, "queries", "Queries answered", queries);
        counter(sb, "queries_rejected", "Queries refused (bad query or a limit)", queriesRejected);
        counter(sb, "request_errors", "Requests that failed with a server error", requestErrors);
        for (Map.Entry<String, Long> e : store.metrics().snapshot().entrySet()) {
            sb.append("# TYPE ").append(e.getKey()).append(" counter\n").append(e.getKey()).append(' ')
                    .append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, LongAdder value) {
        String n = "clusterlog_" + name + "_total";
        sb.append("# HELP ").append(n).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(n).append(" counter\n");
        sb.append(n).append(' ').append(value.sum()).append('\n');
    }
}
