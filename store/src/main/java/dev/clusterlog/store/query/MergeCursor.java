package dev.clusterlog.store.query;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.io.CorruptFileException;
import dev.clusterlog.store.Direction;
import dev.clusterlog.store.EntryCursor;
import dev.clusterlog.store.LineFilter;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.store.QueryLimitExceededException;
import dev.clusterlog.store.QueryLimitExceededException.Limit;
import dev.clusterlog.store.SelectRequest;
import dev.clusterlog.store.StoreMetrics;
import dev.clusterlog.store.block.BlockData;
import dev.clusterlog.store.block.SegmentFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * The k-way merge of a query's runs (head snapshots and sealed blocks of every matching stream) into
 * one time-ordered cursor, in either direction.
 *
 * <p>Implementation notes: a priority queue holds each run keyed by its current entry's time, or, for
 * a sealed block not yet read, by its time bound (min time forward, max time backward). A block is
 * read and decompressed only when its bound reaches the top, so a query with a small limit reads
 * only the blocks it needs: the newest for a tail. Ties are broken by arrival (see {@link Run}), then
 * by position, reversed for BACKWARD, so backward output is the exact reverse of forward output.
 */
public final class MergeCursor implements EntryCursor {
    private final PriorityQueue<Run> queue;
    private final List<Run> all;
    private final long start;
    private final long end;
    private final boolean forward;
    private final long limit;
    private final LineFilter filter;
    private final long maxBytes;
    private final long maxEntries;
    private final long deadline;
    private final String timeoutText;
    private final StoreMetrics metrics;
    private final BiConsumer<SegmentFile, CorruptFileException> onCorrupt;
    private long returned;
    private long scanned;
    private int sinceClockCheck;
    private Run current;
    private int currentPhysical;
    private boolean closed;

    public MergeCursor(SelectRequest req, List<Run> runs, StoreMetrics metrics,
                       BiConsumer<SegmentFile, CorruptFileException> onCorrupt) {
        this.start = req.startNanos();
        this.end = req.endNanos();
        this.forward = req.direction() == Direction.FORWARD;
        this.limit = req.limit();
        this.filter = req.filter();
        this.maxBytes = req.limits().maxBytesScanned();
        this.maxEntries = req.limits().maxEntries();
        long timeout = req.limits().timeout().toNanos();
        this.deadline = System.nanoTime() + timeout;
        this.timeoutText = req.limits().timeout().toString();
        this.metrics = metrics;
        this.onCorrupt = onCorrupt;
        this.all = runs;
        Comparator<Run> cmp = MergeCursor::compareForward;
        this.queue = new PriorityQueue<>(Math.max(1, runs.size()), forward ? cmp : cmp.reversed());
        for (Run r : runs) {
            if (r.opened()) {
                if (position(r)) {
                    queue.add(r);
                }
            } else {
                r.key = forward ? r.block.minTime() : r.block.maxTime();
                queue.add(r);
            }
        }
    }

    private static int compareForward(Run a, Run b) {
        int c = Long.compare(a.key, b.key);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.seqHigh, b.seqHigh);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.seqLow, b.seqLow);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.id, b.id);
        if (c != 0) {
            return c;
        }
        return Integer.compare(a.opened() ? a.pos : -1, b.opened() ? b.pos : -1);
    }

    /** Sets the run's range to the query's time range and moves to the first accepted entry. */
    private boolean position(Run r) {
        BlockData d = r.data;
        int lo = d.lowerBound(start);
        int hi = end == Long.MAX_VALUE ? d.count() : d.lowerBound(end);
        if (forward) {
            r.pos = lo;
            r.stop = hi;
        } else {
            r.pos = hi - 1;
            r.stop = lo - 1;
        }
        return seek(r);
    }

    /** From r.pos on, finds the next entry the filter accepts; false when the run is done. */
    private boolean seek(Run r) {
        BlockData d = r.data;
        int step = forward ? 1 : -1;
        for (; r.pos != r.stop; r.pos += step) {
            int p = d.physical(r.pos);
            if (r.head) {
                account(d.lineLen()[p]);
            }
            if (++sinceClockCheck >= 4096) {
                sinceClockCheck = 0;
                checkDeadline();
            }
            if (filter == null || filter.test(d.lines(), d.lineOff()[p], d.lineLen()[p])) {
                r.key = d.ts()[p];
                return true;
            }
        }
        return false;
    }

    private void account(long bytes) {
        scanned += bytes;
        metrics.bytesScanned.add(bytes);
        if (scanned > maxBytes) {
            metrics.queryLimitErrors.increment();
            throw new QueryLimitExceededException(Limit.BYTES_SCANNED, Long.toString(maxBytes));
        }
    }

    private void checkDeadline() {
        if (System.nanoTime() - deadline > 0) {
            metrics.queryLimitErrors.increment();
            throw new QueryLimitExceededException(Limit.TIMEOUT, timeoutText);
        }
    }

    @Override
    public boolean next() {
        if (closed || returned >= limit) {
            return false;
        }
        while (true) {
            if (current != null) {
                Run r = current;
                current = null;
                r.pos += forward ? 1 : -1;
                if (seek(r)) {
                    queue.add(r);
                } else {
                    finish(r);
                }
            }
            Run top = queue.poll();
            if (top == null) {
                return false;
            }
            if (!top.opened()) {
                open(top);
                continue;
            }
            if (returned >= maxEntries) {
                metrics.queryLimitErrors.increment();
                throw new QueryLimitExceededException(Limit.ENTRIES, Long.toString(maxEntries));
            }
            current = top;
            currentPhysical = top.data.physical(top.pos);
            returned++;
            return true;
        }
    }

    private void open(Run r) {
        checkDeadline();
        try {
            r.data = r.segment.read(r.block);
        } catch (CorruptFileException e) {
            onCorrupt.accept(r.segment, e);
            finish(r);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics.blocksRead.increment();
        account(r.block.rawLength());
        if (position(r)) {
            queue.add(r);
        } else {
            finish(r);
        }
    }

    /** A sealed run is done: drop its decompressed data (the segment reference is released at close). */
    private void finish(Run r) {
        if (!r.head) {
            r.data = null;
        }
    }

    @Override
    public LabelSet labels() {
        return current.labels;
    }

    @Override
    public long timestampNanos() {
        return current.data.ts()[currentPhysical];
    }

    @Override
    public byte[] lineBuffer() {
        return current.data.lines();
    }

    @Override
    public int lineOffset() {
        return current.data.lineOff()[currentPhysical];
    }

    @Override
    public int lineLength() {
        return current.data.lineLen()[currentPhysical];
    }

    @Override
    public List<LogEntry.MetadataPair> metadata() {
        return current.data.metadata(currentPhysical);
    }

    @Override
    public long bytesScanned() {
        return scanned;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        Set<SegmentFile> released = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Run r : all) {
            if (r.segment != null && released.add(r.segment)) {
                r.segment.release();
            }
        }
    }
}
