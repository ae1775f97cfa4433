package dev.clusterlog.store;

import dev.clusterlog.core.entry.LabelSet;
import java.util.List;

/**
 * Receives entries appended after {@link LogStore#subscribe}, on the subscription's own thread, in
 * the order appends became durable; within one call the entries are one stream's, in arrival order.
 */
public interface EntryListener {
    void onEntries(LabelSet labels, List<LogEntry> entries);

    /** The subscription ended because it fell behind (its queue overflowed) or the store closed. */
    default void onClose(String reason) {
    }
}
