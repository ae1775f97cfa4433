package dev.clusterlog.store;

import java.time.Clock;
import java.time.Duration;

/**
 * Store settings. Every value is validated on {@link #validate()} with a message naming the key, the
 * value and the rule.
 *
 * @param retention          entries older than this are deleted, a partition (tenant x day) at a time
 * @param diskCapBytes       total store size above which the oldest partitions are deleted
 * @param minFreeDiskBytes   appends are refused when the file system has less free space than this
 * @param blockMaxBytes      raw line bytes per sealed block (DESIGN.md: ~1 MiB)
 * @param blockMaxEntries    entries per sealed block
 * @param headMaxBytes       head bytes (all streams) that trigger sealing into a segment
 * @param walMaxBytes        WAL size that triggers sealing (and so WAL truncation)
 * @param checkpointInterval longest time data stays only in the WAL and head
 * @param mergeMinBlocks     a stream with this many blocks in a partition, some small, gets merged
 * @param maintenance        run sealing, merging and retention on a background thread
 * @param clock              wall clock for retention (injected for tests)
 */
public record StoreConfig(Duration retention, long diskCapBytes, long minFreeDiskBytes, int blockMaxBytes,
                          int blockMaxEntries, long headMaxBytes, long walMaxBytes, Duration checkpointInterval,
                          int mergeMinBlocks, boolean maintenance, Clock clock) {

    public static StoreConfig defaults() {
        return new StoreConfig(Duration.ofDays(30), Long.MAX_VALUE, 256L << 20, 1 << 20, 65_536, 128L << 20,
                256L << 20, Duration.ofMinutes(5), 8, true, Clock.systemUTC());
    }

    public StoreConfig withRetention(Duration d) {
        return new StoreConfig(d, diskCapBytes, minFreeDiskBytes, blockMaxBytes, blockMaxEntries, headMaxBytes,
                walMaxBytes, checkpointInterval, mergeMinBlocks, maintenance, clock);
    }

    public StoreConfig withDiskCap(long bytes) {
        return new StoreConfig(retention, bytes, minFreeDiskBytes, blockMaxBytes, blockMaxEntries, headMaxBytes,
                walMaxBytes, checkpointInterval, mergeMinBlocks, maintenance, clock);
    }

    public StoreConfig withMinFreeDisk(long bytes) {
        return new StoreConfig(retention, diskCapBytes, bytes, blockMaxBytes, blockMaxEntries, headMaxBytes,
                walMaxBytes, checkpointInterval, mergeMinBlocks, maintenance, clock);
    }

    public StoreConfig withBlockMax(int bytes, int entries) {
        return new StoreConfig(retention, diskCapBytes, minFreeDiskBytes, bytes, entries, headMaxBytes,
                walMaxBytes, checkpointInterval, mergeMinBlocks, maintenance, clock);
    }

    public StoreConfig withHeadMaxBytes(long bytes) {
        return new StoreConfig(retention, diskCapBytes, minFreeDiskBytes, blockMaxBytes, blockMaxEntries, bytes,
                walMaxBytes, checkpointInterval, mergeMinBlocks, maintenance, clock);
    }

    public StoreConfig withMaintenance(boolean on) {
        return new StoreConfig(retention, diskCapBytes, minFreeDiskBytes, blockMaxBytes, blockMaxEntries,
                headMaxBytes, walMaxBytes, checkpointInterval, mergeMinBlocks, on, clock);
    }

    public StoreConfig withClock(Clock c) {
        return new StoreConfig(retention, diskCapBytes, minFreeDiskBytes, blockMaxBytes, blockMaxEntries,
                headMaxBytes, walMaxBytes, checkpointInterval, mergeMinBlocks, maintenance, c);
    }

    public StoreConfig withMergeMinBlocks(int n) {
        return new StoreConfig(retention, diskCapBytes, minFreeDiskBytes, blockMaxBytes, blockMaxEntries,
                headMaxBytes, walMaxBytes, checkpointInterval, n, maintenance, clock);
    }

    public StoreConfig validate() {
        require(!retention.isNegative() && !retention.isZero(), "store.retention", retention, "a positive duration");
        require(diskCapBytes > 0, "store.disk_cap", diskCapBytes, "a positive byte count");
        require(minFreeDiskBytes >= 0, "store.min_free_disk", minFreeDiskBytes, "zero or more bytes");
        require(blockMaxBytes >= 1024 && blockMaxBytes <= (64 << 20), "store.block_max_bytes", blockMaxBytes,
                "between 1 KiB and 64 MiB");
        require(blockMaxEntries >= 1, "store.block_max_entries", blockMaxEntries, "at least 1");
        require(headMaxBytes >= blockMaxBytes, "store.head_max_bytes", headMaxBytes, "at least store.block_max_bytes");
        require(walMaxBytes > 0, "store.wal_max_bytes", walMaxBytes, "a positive byte count");
        require(!checkpointInterval.isNegative() && !checkpointInterval.isZero(), "store.checkpoint_interval",
                checkpointInterval, "a positive duration");
        require(mergeMinBlocks >= 2, "store.merge_min_blocks", mergeMinBlocks, "at least 2");
        return this;
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid value " + value + " for configuration " + key + ": expected " + rule);
        }
    }
}
