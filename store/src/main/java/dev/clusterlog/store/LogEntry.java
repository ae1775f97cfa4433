package dev.clusterlog.store;

import java.util.List;
import java.util.Objects;

/**
 * One log entry as appended: a timestamp in nanoseconds since the epoch, the line bytes (without a
 * trailing newline, stored byte-identical) and optional structured metadata (Loki's per-entry
 * name/value pairs, kept in order). The store does not copy {@code line} before the append returns;
 * callers must not change it while {@link LogStore#append} runs.
 */
public record LogEntry(long timestampNanos, byte[] line, List<MetadataPair> metadata) {
    public LogEntry {
        Objects.requireNonNull(line, "line");
        metadata = metadata == null ? List.of() : List.copyOf(metadata);
    }

    public LogEntry(long timestampNanos, byte[] line) {
        this(timestampNanos, line, List.of());
    }

    /** One structured metadata pair. */
    public record MetadataPair(String name, String value) {
        public MetadataPair {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }
}
