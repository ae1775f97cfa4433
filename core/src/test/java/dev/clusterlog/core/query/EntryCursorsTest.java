package dev.clusterlog.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.LogEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The k-way merge every query path uses. */
class EntryCursorsTest {

    /** A cursor over fixed entries of one stream. */
    static final class ListCursor implements EntryCursor {
        private final LabelSet labels;
        private final long[] ts;
        private final AtomicInteger closed;
        private int at = -1;

        ListCursor(LabelSet labels, AtomicInteger closed, long... ts) {
            this.labels = labels;
            this.ts = ts;
            this.closed = closed;
        }

        @Override public boolean next() { return ++at < ts.length; }
        @Override public LabelSet labels() { return labels; }
        @Override public long timestampNanos() { return ts[at]; }
        @Override public byte[] lineBuffer() { return (labels.get("s") + ts[at]).getBytes(); }
        @Override public int lineOffset() { return 0; }
        @Override public int lineLength() { return lineBuffer().length; }
        @Override public byte[] metadataBuffer() { return new byte[0]; }
        @Override public int metadataOffset() { return 0; }
        @Override public int metadataLength() { return 0; }
        @Override public long bytesScanned() { return at; }
        @Override public void close() { closed.incrementAndGet(); }
    }

    @Test
    void mergesInTimeOrderWithTiesByLabelsAndHonoursTheLimit() {
        AtomicInteger closed = new AtomicInteger();
        List<EntryCursor> in = new ArrayList<>(List.of(
                new ListCursor(LabelSet.of("s", "b"), closed, 1, 4, 4, 9),
                new ListCursor(LabelSet.of("s", "a"), closed, 2, 4, 10),
                new ListCursor(LabelSet.of("s", "c"), closed)));
        List<String> lines = EntryCursors.merge(in, Direction.FORWARD, 0).toList().stream().map(LogEntry::lineString).toList();
        assertThat(lines).containsExactly("b1", "a2", "a4", "b4", "b4", "b9", "a10");
        assertThat(closed).hasValue(3);

        List<EntryCursor> back = List.of(new ListCursor(LabelSet.of("s", "b"), closed, 9, 4, 1),
                new ListCursor(LabelSet.of("s", "a"), closed, 10, 4, 2));
        assertThat(Arrays.asList(EntryCursors.merge(back, Direction.BACKWARD, 3).toList().stream()
                .map(LogEntry::lineString).toArray())).containsExactly("a10", "b9", "a4");
    }
}
