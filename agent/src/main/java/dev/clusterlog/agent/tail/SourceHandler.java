package dev.clusterlog.agent.tail;

/**
 * Receives what a {@link FileTailer} reads. Called on the tailer's thread, never concurrently;
 * must not block (say no through {@link #canAccept()} instead).
 */
public interface SourceHandler {

    /**
     * A source starts: a new file, or one restored from a checkpoint with the state the handler
     * gave with its last acknowledgement (null for a new source).
     */
    void open(TailedSource source, byte[] restoredState);

    /**
     * Whole physical lines {@code buf[off, off+len)} of a source, each ending in {@code \n}, except
     * a last piece that is cut (a line longer than the tailer's limit) or the unterminated end of
     * a finished file. The bytes are the tailer's and valid only during the call.
     *
     * @param startOffset the source offset of {@code buf[off]}; the lines end at
     *     {@code startOffset + len}
     */
    void lines(TailedSource source, byte[] buf, int off, int len, long startOffset);

    /**
     * The bytes handed on so far must end a batch exactly here ({@link TailedSource#readOffset()}):
     * a batch of the last run, possibly already stored, ended here.
     */
    default void cutHere(TailedSource source) {
    }

    /**
     * Reading restarts at {@link TailedSource#readOffset()} with fresh state: whatever the handler
     * holds of this source is discarded (the bytes are read again).
     */
    default void reset(TailedSource source) {
    }

    /** The source is done (read to its end and gone, or replaced); nothing more will come. */
    void close(TailedSource source);

    /** False while downstream is full: the tailer stops reading (files stay on disk). */
    default boolean canAccept() {
        return true;
    }
}
