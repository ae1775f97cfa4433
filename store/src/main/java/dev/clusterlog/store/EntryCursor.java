package dev.clusterlog.store;

import dev.clusterlog.core.entry.LabelSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A forward-only cursor over query results. {@link #next()} advances; the accessors describe the
 * current entry until the next call. The line bytes are {@code lineBuffer()[lineOffset(),
 * lineOffset()+lineLength())}, owned by the cursor: copy them to keep them. Not thread-safe; close it
 * (also when abandoned early) to release the files it holds.
 */
public interface EntryCursor extends AutoCloseable {
    /** Advances to the next entry; false at the end. May throw {@link QueryLimitExceededException}. */
    boolean next();

    LabelSet labels();

    long timestampNanos();

    byte[] lineBuffer();

    int lineOffset();

    int lineLength();

    /** The current entry's structured metadata (decoded on demand). */
    List<LogEntry.MetadataPair> metadata();

    /** Decompressed bytes read so far (blocks opened, head data scanned). */
    long bytesScanned();

    @Override
    void close();

    /** A copy of the current entry. */
    default StoredEntry entry() {
        byte[] line = new byte[lineLength()];
        System.arraycopy(lineBuffer(), lineOffset(), line, 0, line.length);
        return new StoredEntry(labels(), timestampNanos(), line, metadata());
    }

    /** Drains the cursor into a list and closes it. */
    default List<StoredEntry> toList() {
        List<StoredEntry> out = new ArrayList<>();
        try (this) {
            while (next()) {
                out.add(entry());
            }
        }
        return out;
    }
}
