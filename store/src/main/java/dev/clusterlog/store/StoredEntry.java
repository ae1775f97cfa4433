package dev.clusterlog.store;

import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A materialized query result entry (see {@link EntryCursor} for the allocation-free form). */
public record StoredEntry(LabelSet labels, long timestampNanos, byte[] line, List<LogEntry.MetadataPair> metadata) {
    public String lineString() {
        return new String(line, StandardCharsets.UTF_8);
    }
}
