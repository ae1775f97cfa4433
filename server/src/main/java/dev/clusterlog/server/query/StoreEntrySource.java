package dev.clusterlog.server.query;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.eval.EntrySource;
import dev.clusterlog.logql.eval.PushdownHints;
import dev.clusterlog.logql.eval.SelectRequest;
import dev.clusterlog.logql.eval.StreamCursor;
import dev.clusterlog.store.Direction;
import dev.clusterlog.store.EntryCursor;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.QueryLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store as LogQL's {@link EntrySource}: one cursor per selected stream, over the
 * request's time range and direction. What the store can use of the query goes down to it: the
 * literals every kept line contains become required substrings (the block index skips blocks
 * without their words, the scan drops lines without them); the engine still applies the whole
 * pipeline, so nothing depends on the pushdown for correctness.
 *
 * <p>The store plans the query once for all streams ({@link LogStore#selectByStream}: one index
 * lookup per partition) and hands back one cursor per stream that has candidate data; a stream
 * whose blocks the word index rules out costs nothing.
 */
public final class StoreEntrySource implements EntrySource {
    private final LogStore store;
    private final String tenant;
    private final QueryLimits limits;

    public StoreEntrySource(LogStore store, String tenant, QueryLimits limits) {
        this.store = store;
        this.tenant = tenant;
        this.limits = limits;
    }

    @Override
    public List<StreamCursor> select(SelectRequest request) {
        Map<LabelSet, EntryCursor> byStream;
        try {
            byStream = store.selectByStream(tenant, storeRequest(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<StreamCursor> cursors = new ArrayList<>(byStream.size());
        byStream.forEach((labels, cursor) -> cursors.add(new StoreStreamCursor(labels, cursor)));
        return cursors;
    }

    private dev.clusterlog.store.SelectRequest storeRequest(SelectRequest request) {
        var b = dev.clusterlog.store.SelectRequest.builder(request.matchers())
                .range(request.startNanos(), request.endNanos())
                .direction(request.direction() == dev.clusterlog.logql.eval.Direction.BACKWARD
                        ? Direction.BACKWARD : Direction.FORWARD)
                .limits(limits);
        PushdownHints hints = request.hints();
        if (hints != null) {
            for (List<String> anyOf : hints.requiredAnyOf()) {
                if (anyOf.size() == 1) {
                    b.contains(anyOf.get(0));
                }
            }
        }
        return b.build();
    }

    /** One stream's entries: the store's cursor over that stream's runs. */
    private static final class StoreStreamCursor implements StreamCursor {
        private final LabelSet labels;
        private final EntryCursor cursor;

        StoreStreamCursor(LabelSet labels, EntryCursor cursor) {
            this.labels = labels;
            this.cursor = cursor;
        }

        @Override
        public LabelSet labels() {
            return labels;
        }

        @Override
        public boolean next() {
            return cursor.next();
        }

        @Override
        public long timestamp() {
            return cursor.timestampNanos();
        }

        @Override
        public byte[] lineBuffer() {
            return cursor.lineBuffer();
        }

        @Override
        public int lineOffset() {
            return cursor.lineOffset();
        }

        @Override
        public int lineLength() {
            return cursor.lineLength();
        }

        @Override
        public LabelSet metadata() {
            List<LogEntry.MetadataPair> md = cursor.metadata();
            if (md.isEmpty()) {
                return LabelSet.EMPTY;
            }
            String[] pairs = new String[md.size() * 2];
            int i = 0;
            for (LogEntry.MetadataPair p : md) {
                pairs[i++] = p.name();
                pairs[i++] = p.value();
            }
            return LabelSet.of(pairs);
        }

        @Override
        public void close() {
            cursor.close();
        }
    }
}
