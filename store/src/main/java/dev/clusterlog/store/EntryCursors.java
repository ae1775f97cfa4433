package dev.clusterlog.store;

import dev.clusterlog.core.entry.LabelSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Helpers over {@link EntryCursor}s. */
public final class EntryCursors {
    private EntryCursors() {
    }

    /**
     * A k-way merge of cursors that are each in {@code direction}'s time order (for example one
     * {@link LogStore#select} per stream or per tenant) into one cursor in that order; ties go to the
     * cursor listed first. Closing the result closes every input.
     */
    public static EntryCursor merge(List<EntryCursor> cursors, Direction direction) {
        return new Merged(List.copyOf(cursors), direction);
    }

    private static final class Merged implements EntryCursor {
        private final List<EntryCursor> inputs;
        private final PriorityQueue<Integer> queue;
        private final long[] heads;
        private int current = -1;
        private boolean started;

        Merged(List<EntryCursor> inputs, Direction direction) {
            this.inputs = inputs;
            this.heads = new long[inputs.size()];
            Comparator<Integer> byTime = (a, b) -> {
                int c = direction == Direction.FORWARD ? Long.compare(heads[a], heads[b]) : Long.compare(heads[b], heads[a]);
                return c != 0 ? c : Integer.compare(a, b);
            };
            this.queue = new PriorityQueue<>(Math.max(1, inputs.size()), byTime);
        }

        private void advance(int i) {
            EntryCursor c = inputs.get(i);
            if (c.next()) {
                heads[i] = c.timestampNanos();
                queue.add(i);
            }
        }

        @Override
        public boolean next() {
            if (!started) {
                started = true;
                for (int i = 0; i < inputs.size(); i++) {
                    advance(i);
                }
            } else if (current >= 0) {
                advance(current);
            }
            Integer top = queue.poll();
            current = top == null ? -1 : top;
            return top != null;
        }

        private EntryCursor cur() {
            if (current < 0) {
                throw new IllegalStateException("no current entry: call next() first and check its result");
            }
            return inputs.get(current);
        }

        @Override
        public LabelSet labels() {
            return cur().labels();
        }

        @Override
        public long timestampNanos() {
            return cur().timestampNanos();
        }

        @Override
        public byte[] lineBuffer() {
            return cur().lineBuffer();
        }

        @Override
        public int lineOffset() {
            return cur().lineOffset();
        }

        @Override
        public int lineLength() {
            return cur().lineLength();
        }

        @Override
        public List<LogEntry.MetadataPair> metadata() {
            return cur().metadata();
        }

        @Override
        public long bytesScanned() {
            long n = 0;
            for (EntryCursor c : inputs) {
                n += c.bytesScanned();
            }
            return n;
        }

        @Override
        public void close() {
            List<RuntimeException> errors = new ArrayList<>();
            for (EntryCursor c : inputs) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
            if (!errors.isEmpty()) {
                throw errors.get(0);
            }
        }
    }
}
