package dev.clusterlog.logql.eval;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@link EntrySource} over entries held in memory: for tests and for small embedded uses. */
public final class InMemoryEntrySource implements EntrySource {
    /** One entry. */
    public record Entry(long timestampNanos, byte[] line, LabelSet metadata) {
    }

    private final Map<LabelSet, List<Entry>> streams = new LinkedHashMap<>();
    private Entry[][] sorted;
    private LabelSet[] keys;

    public InMemoryEntrySource add(LabelSet stream, long timestampNanos, String line) {
        return add(stream, timestampNanos, line, LabelSet.EMPTY);
    }

    public InMemoryEntrySource add(LabelSet stream, long timestampNanos, String line, LabelSet metadata) {
        streams.computeIfAbsent(stream, k -> new ArrayList<>())
                .add(new Entry(timestampNanos, line.getBytes(StandardCharsets.UTF_8), metadata));
        sorted = null;
        return this;
    }

    private void seal() {
        if (sorted != null) {
            return;
        }
        keys = streams.keySet().toArray(new LabelSet[0]);
        sorted = new Entry[keys.length][];
        for (int i = 0; i < keys.length; i++) {
            Entry[] es = streams.get(keys[i]).toArray(new Entry[0]);
            Arrays.sort(es, Comparator.comparingLong(Entry::timestampNanos));
            sorted[i] = es;
        }
    }

    @Override
    public synchronized List<StreamCursor> select(SelectRequest request) {
        seal();
        List<StreamCursor> out = new ArrayList<>();
        outer:
        for (int i = 0; i < keys.length; i++) {
            for (LabelMatcher m : request.matchers()) {
                if (!m.matches(keys[i])) {
                    continue outer;
                }
            }
            out.add(new Cursor(keys[i], sorted[i], request));
        }
        return out;
    }

    private static final class Cursor implements StreamCursor {
        private final LabelSet labels;
        private final Entry[] entries;
        private final boolean forward;
        private final int last;
        private int pos;
        private Entry current;

        Cursor(LabelSet labels, Entry[] entries, SelectRequest r) {
            this.labels = labels;
            this.entries = entries;
            this.forward = r.direction() == Direction.FORWARD;
            int lo = lowerBound(entries, r.startNanos());
            int hi = lowerBound(entries, r.endNanos()) - 1;
            this.pos = forward ? lo : hi;
            this.last = forward ? hi : lo;
        }

        private static int lowerBound(Entry[] es, long ts) {
            int lo = 0;
            int hi = es.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (es[mid].timestampNanos() < ts) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        @Override
        public LabelSet labels() {
            return labels;
        }

        @Override
        public boolean next() {
            if (forward ? pos > last : pos < last) {
                current = null;
                return false;
            }
            current = entries[pos];
            pos += forward ? 1 : -1;
            return true;
        }

        @Override
        public long timestamp() {
            return current.timestampNanos();
        }

        @Override
        public byte[] lineBuffer() {
            return current.line();
        }

        @Override
        public int lineOffset() {
            return 0;
        }

        @Override
        public int lineLength() {
            return current.line().length;
        }

        @Override
        public LabelSet metadata() {
            return current.metadata();
        }
    }
}
