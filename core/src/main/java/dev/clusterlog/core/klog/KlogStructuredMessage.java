package dev.clusterlog.core.klog;

import dev.clusterlog.core.io.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The message and ordered key/value pairs of a klog/v2 structured line, filled by
 * {@link KlogStructuredParser}. Mutable and reused: one per parser, refilled for every line.
 *
 * <p>All text (message, keys, values) is decoded into this object's own byte buffer
 * ({@link #buffer()}); offsets stay valid until the next parse into this object. Pairs keep the
 * order and the duplicates of the line (klog itself already lets the last duplicate win when it
 * writes). Not thread-safe.
 */
public final class KlogStructuredMessage {
    private final ByteWriter text = new ByteWriter(256);
    private int messageOffset;
    private int messageLength;
    /** Per pair: key offset, key length, value offset, value length. */
    private int[] spans = new int[32];
    private KlogValueKind[] kinds = new KlogValueKind[8];
    private int size;

    /** The decoded bytes that every offset of this object points into. */
    public byte[] buffer() {
        return text.array();
    }

    public int messageOffset() {
        return messageOffset;
    }

    public int messageLength() {
        return messageLength;
    }

    /** The message, unquoted, as a string (slow paths and tests). */
    public String message() {
        return new String(text.array(), messageOffset, messageLength, StandardCharsets.UTF_8);
    }

    /** Number of key/value pairs. */
    public int size() {
        return size;
    }

    public int keyOffset(int i) {
        return spans[checkIndex(i) * 4];
    }

    public int keyLength(int i) {
        return spans[checkIndex(i) * 4 + 1];
    }

    public int valueOffset(int i) {
        return spans[checkIndex(i) * 4 + 2];
    }

    public int valueLength(int i) {
        return spans[checkIndex(i) * 4 + 3];
    }

    public KlogValueKind valueKind(int i) {
        return kinds[checkIndex(i)];
    }

    /** The i-th key as a string (slow paths and tests). */
    public String key(int i) {
        return new String(text.array(), keyOffset(i), keyLength(i), StandardCharsets.UTF_8);
    }

    /** The i-th value's text as a string (slow paths and tests): unquoted for quoted and multi-line values. */
    public String value(int i) {
        return new String(text.array(), valueOffset(i), valueLength(i), StandardCharsets.UTF_8);
    }

    private int checkIndex(int i) {
        return java.util.Objects.checkIndex(i, size);
    }

    // --- filling, for the parser ---

    void clear() {
        text.reset();
        messageOffset = 0;
        messageLength = 0;
        size = 0;
    }

    int mark() {
        return text.length();
    }

    void setMessage(int offset) {
        messageOffset = offset;
        messageLength = text.length() - offset;
    }

    /** Adds a pair whose key starts at {@code keyOffset} and whose value runs from {@code valueOffset} to the current end. */
    void addPair(int keyOffset, int keyLength, int valueOffset, KlogValueKind kind) {
        if (spans.length < (size + 1) * 4) {
            spans = Arrays.copyOf(spans, spans.length * 2);
            kinds = Arrays.copyOf(kinds, kinds.length * 2);
        }
        spans[size * 4] = keyOffset;
        spans[size * 4 + 1] = keyLength;
        spans[size * 4 + 2] = valueOffset;
        spans[size * 4 + 3] = text.length() - valueOffset;
        kinds[size] = kind;
        size++;
    }

    void dropLastByte() {
        text.truncate(text.length() - 1);
    }

    /** The text buffer, for decoders that append to it (Go-quoted values). */
    ByteWriter text() {
        return text;
    }

    void append(byte b) {
        text.writeByte(b);
    }

    void append(byte[] buf, int off, int len) {
        text.writeBytes(buf, off, len);
    }
}
