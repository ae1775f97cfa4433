package dev.clusterlog.core.query;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.LogEntry;
import dev.clusterlog.core.entry.StructuredMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * A forward-only cursor over query results, one entry at a time, without an object per entry.
 * {@link #next()} advances; the accessors describe the current entry until the next call. The line
 * is {@code lineBuffer()[lineOffset(), lineOffset() + lineLength())} and the structured metadata
 * {@code metadataBuffer()[metadataOffset(), + metadataLength())} in the {@link StructuredMetadata}
 * encoding; both buffers belong to the cursor and stay valid only until the next call to
 * {@link #next()} or {@link #close()} (so a store can reuse one buffer per block): copy to keep.
 * Not thread-safe; close it, also when abandoned early, to release what it holds.
 */
public interface EntryCursor extends AutoCloseable {
    /** Advances to the next entry; false at the end. May throw {@link QueryLimitExceededException}. */
    boolean next();

    LabelSet labels();

    long timestampNanos();

    byte[] lineBuffer();

    int lineOffset();

    int lineLength();

    byte[] metadataBuffer();

    int metadataOffset();

    int metadataLength();

    /** Decompressed bytes read so far (blocks opened, head data scanned). */
    long bytesScanned();

    @Override
    void close();

    /** The current entry's structured metadata as {@code name0, value0, ...}. */
    default String[] metadata() {
        return StructuredMetadata.decode(metadataBuffer(), metadataOffset(), metadataLength());
    }

    /** A copy of the current entry. */
    default LogEntry entry() {
        return LogEntry.copyOf(labels(), timestampNanos(), lineBuffer(), lineOffset(), lineLength(), metadata());
    }

    /** Drains the cursor into a list and closes it. */
    default List<LogEntry> toList() {
        List<LogEntry> out = new ArrayList<>();
        try (this) {
            while (next()) {
                out.add(entry());
            }
        }
        return out;
    }
}
