package dev.clusterlog.store;

import dev.clusterlog.core.entry.LabelSet;
import java.util.List;
import java.util.Objects;

/** The entries of one stream in one append, in arrival order (not necessarily time order). */
public record StreamEntries(LabelSet labels, List<LogEntry> entries) {
    public StreamEntries {
        Objects.requireNonNull(labels, "labels");
        entries = List.copyOf(entries);
    }
}
