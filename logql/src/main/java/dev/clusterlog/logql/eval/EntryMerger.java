package dev.clusterlog.logql.eval;

import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges stream cursors by timestamp in the query direction (ties by stream labels, so the order is
 * deterministic). {@link #next} positions {@link #current} on the next entry; the previous entry's
 * line buffer is invalid from then on.
 */
final class EntryMerger implements AutoCloseable {
    private final PriorityQueue<StreamCursor> heap;
    private final List<StreamCursor> all;
    private StreamCursor current;

    EntryMerger(List<StreamCursor> cursors, Direction direction) {
        this.all = cursors;
        boolean forward = direction == Direction.FORWARD;
        this.heap = new PriorityQueue<>(Math.max(1, cursors.size()), (a, b) -> {
            int c = Long.compare(a.timestamp(), b.timestamp());
            if (!forward) {
                c = -c;
            }
            return c != 0 ? c : a.labels().compareTo(b.labels());
        });
        for (StreamCursor c : cursors) {
            if (c.next()) {
                heap.add(c);
            }
        }
    }

    boolean next() {
        if (current != null && current.next()) {
            heap.add(current);
        }
        current = heap.poll();
        return current != null;
    }

    StreamCursor current() {
        return current;
    }

    @Override
    public void close() {
        for (StreamCursor c : all) {
            c.close();
        }
    }
}
