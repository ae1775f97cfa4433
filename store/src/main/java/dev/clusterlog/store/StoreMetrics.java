package dev.clusterlog.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store's counters, for {@code /metrics}. {@link #snapshot()} gives Prometheus-style names
 * (all counters, monotonic) and their values. Thread-safe.
 */
public final class StoreMetrics {
    public final LongAdder entriesAppended = new LongAdder();
    public final LongAdder bytesAppended = new LongAdder();
    public final LongAdder duplicatesDropped = new LongAdder();
    public final LongAdder overlapsRejected = new LongAdder();
    public final LongAdder appendsRefusedDiskFull = new LongAdder();
    public final LongAdder appendsWaitedForSealing = new LongAdder();
    public final LongAdder appendsRefusedBusy = new LongAdder();
    public final LongAdder walSyncs = new LongAdder();
    public final LongAdder blocksSealed = new LongAdder();
    public final LongAdder blocksMerged = new LongAdder();
    public final LongAdder segmentsWritten = new LongAdder();
    public final LongAdder bytesScanned = new LongAdder();
    public final LongAdder blocksRead = new LongAdder();
    public final LongAdder queries = new LongAdder();
    public final LongAdder queryLimitErrors = new LongAdder();
    public final LongAdder corruptFilesQuarantined = new LongAdder();
    public final LongAdder partitionsDeletedRetention = new LongAdder();
    public final LongAdder subscriptionsDropped = new LongAdder();

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("clusterlog_store_entries_appended_total", entriesAppended.sum());
        m.put("clusterlog_store_bytes_appended_total", bytesAppended.sum());
        m.put("clusterlog_store_duplicate_batches_dropped_total", duplicatesDropped.sum());
        m.put("clusterlog_store_overlapping_batches_rejected_total", overlapsRejected.sum());
        m.put("clusterlog_store_appends_refused_disk_full_total", appendsRefusedDiskFull.sum());
        m.put("clusterlog_store_appends_waited_for_sealing_total", appendsWaitedForSealing.sum());
        m.put("clusterlog_store_appends_refused_busy_total", appendsRefusedBusy.sum());
        m.put("clusterlog_store_wal_syncs_total", walSyncs.sum());
        m.put("clusterlog_store_blocks_sealed_total", blocksSealed.sum());
        m.put("clusterlog_store_blocks_merged_total", blocksMerged.sum());
        m.put("clusterlog_store_segments_written_total", segmentsWritten.sum());
        m.put("clusterlog_store_bytes_scanned_total", bytesScanned.sum());
        m.put("clusterlog_store_blocks_read_total", blocksRead.sum());
        m.put("clusterlog_store_queries_total", queries.sum());
        m.put("clusterlog_store_query_limit_errors_total", queryLimitErrors.sum());
        m.put("clusterlog_store_corrupt_files_quarantined_total", corruptFilesQuarantined.sum());
        m.put("clusterlog_store_partitions_deleted_retention_total", partitionsDeletedRetention.sum());
        m.put("clusterlog_store_subscriptions_dropped_total", subscriptionsDropped.sum());
        return m;
    }
}
