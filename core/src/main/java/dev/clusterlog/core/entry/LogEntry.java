package dev.clusterlog.core.entry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One log entry as a value: its stream's labels, its timestamp in nanoseconds since the epoch, its
 * line bytes and its structured metadata ({@code name0, value0, ...}). For tests, small answers and
 * messages; the data path keeps entries in {@link EntryBatch} columns and reads them through
 * cursors. Equal when every part is (the line by content).
 */
public record LogEntry(LabelSet labels, long timestampNanos, byte[] line, List<String> metadata) {
    public LogEntry {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(line, "line");
        metadata = List.copyOf(metadata);
        if (metadata.size() % 2 != 0) {
            throw new IllegalArgumentException("metadata must be name, value pairs, got " + metadata.size() + " strings");
        }
    }

    /** An entry whose line is the UTF-8 of {@code line}, without metadata. */
    public static LogEntry of(LabelSet labels, long timestampNanos, String line) {
        return new LogEntry(labels, timestampNanos, line.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** A copy of {@code buf[off, off + len)} as an entry's line. */
    public static LogEntry copyOf(LabelSet labels, long timestampNanos, byte[] buf, int off, int len, String[] metadata) {
        return new LogEntry(labels, timestampNanos, Arrays.copyOfRange(buf, off, off + len), Arrays.asList(metadata));
    }

    /** The line as text (invalid UTF-8 replaced). */
    public String lineString() {
        return new String(line, StandardCharsets.UTF_8);
    }

    /** The value of the first metadata pair named {@code name}, or null. */
    public String metadataValue(String name) {
        for (int i = 0; i < metadata.size(); i += 2) {
            if (metadata.get(i).equals(name)) {
                return metadata.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && timestampNanos == e.timestampNanos && labels.equals(e.labels)
                && Arrays.equals(line, e.line) && metadata.equals(e.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(labels, timestampNanos, Arrays.hashCode(line), metadata);
    }

    @Override
    public String toString() {
        return "LogEntry[" + labels + " " + timestampNanos + " " + lineString() + (metadata.isEmpty() ? "" : " " + metadata) + "]";
    }
}
