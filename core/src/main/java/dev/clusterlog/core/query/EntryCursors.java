package dev.clusterlog.core.query;

import dev.clusterlog.core.entry.LabelSet;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** Operations over {@link EntryCursor}s. */
public final class EntryCursors {
    private EntryCursors() {
    }

    /**
     * A k-way merge of cursors that are each in {@code direction}'s time order (for example one per
     * stream) into one cursor in that order, at most {@code limit} entries (0: all). Ties are
     * broken by stream labels, then by the order of {@code cursors}, so the result is
     * deterministic. Closing the result closes every input.
     */
    public static EntryCursor merge(List<EntryCursor> cursors, Direction direction, long limit) {
        if (cursors.size() == 1 && limit == 0) {
            return cursors.get(0);
        }
        return new Merged(List.copyOf(cursors), direction, limit);
    }

    private static final class Merged implements EntryCursor {
        private final List<EntryCursor> inputs;
        private final PriorityQueue<Integer> queue;
        private final long[] heads;
        private final LabelSet[] headLabels;
        private final long limit;
        private long returned;
        private int current = -1;
        private boolean started;

        Merged(List<EntryCursor> inputs, Direction direction, long limit) {
            this.inputs = inputs;
            this.limit = limit;
            this.heads = new long[inputs.size()];
            this.headLabels = new LabelSet[inputs.size()];
            boolean forward = direction == Direction.FORWARD;
            this.queue = new PriorityQueue<>(Math.max(1, inputs.size()), (a, b) -> {
                int c = forward ? Long.compare(heads[a], heads[b]) : Long.compare(heads[b], heads[a]);
                if (c == 0) {
                    c = headLabels[a].compareTo(headLabels[b]);
                }
                return c != 0 ? c : Integer.compare(a, b);
            });
        }

        private void advance(int i) {
            EntryCursor c = inputs.get(i);
            if (c.next()) {
                heads[i] = c.timestampNanos();
                headLabels[i] = c.labels();
                queue.add(i);
            }
        }

        @Override
        public boolean next() {
            if (limit > 0 && returned >= limit) {
                current = -1;
                return false;
            }
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
            if (top != null) {
                returned++;
            }
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
        public byte[] metadataBuffer() {
            return cur().metadataBuffer();
        }

        @Override
        public int metadataOffset() {
            return cur().metadataOffset();
        }

        @Override
        public int metadataLength() {
            return cur().metadataLength();
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
            RuntimeException first = null;
            for (EntryCursor c : inputs) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** A cursor without entries. */
    public static EntryCursor empty() {
        return merge(new ArrayList<>(), Direction.FORWARD, 0);
    }
}
