package dev.clusterlog.logql.eval;

import dev.clusterlog.core.entry.LabelSet;

/**
 * Entries of one stream, in order. After {@link #next} returns true the accessors describe the
 * current entry; the line bytes belong to the cursor and stay valid only until the next call to
 * {@link #next} or {@link #close} (so a store can reuse one decompression buffer per block).
 */
public interface StreamCursor extends AutoCloseable {
    LabelSet labels();

    boolean next();

    long timestamp();

    byte[] lineBuffer();

    int lineOffset();

    int lineLength();

    /** Structured metadata of the current entry ({@link LabelSet#EMPTY} when none). */
    LabelSet metadata();

    @Override
    default void close() {
    }
}
