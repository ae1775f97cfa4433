package dev.clusterlog.server.query;

import dev.clusterlog.core.LabelMatcher;
import dev.clusterlog.core.LabelSet;
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

/**
 * The store as LogQL's {@link EntrySource}: one store cursor per selected stream, over the
 * request's time range and direction. What the store can use of the query goes down to it: the
 * literals every kept line contains become required substrings (the block index skips blocks
 * without their words, the scan drops lines without them); the engine still applies the whole
 * pipeline, so nothing depends on the pushdown for correctness.
 *
 * <p>A stream is selected with equality matchers on all its labels, which also match streams
 * that carry more labels; those entries are skipped by comparing the label set.
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
        List<LabelSet> streams = store.streams(tenant, request.matchers(), request.startNanos(), request.endNanos());
        List<StreamCursor> cursors = new ArrayList<>(streams.size());
        for (LabelSet stream : streams) {
            cursors.add(new LazyStreamCursor(stream, request));
        }
        return cursors;
    }

    private dev.clusterlog.store.SelectRequest storeRequest(LabelSet stream, SelectRequest request) {
        List<LabelMatcher> exact = new ArrayList<>(stream.size());
        for (int i = 0; i < stream.size(); i++) {
            exact.add(LabelMatcher.eq(stream.name(i), stream.value(i)));
        }
        var b = dev.clusterlog.store.SelectRequest.builder(exact)
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

    /** Opens its store cursor on the first {@link #next}, so unread streams cost nothing. */
    private final class LazyStreamCursor implements StreamCursor {
        private final LabelSet labels;
        private final SelectRequest request;
        private EntryCursor cursor;

        LazyStreamCursor(LabelSet labels, SelectRequest request) {
            this.labels = labels;
            this.request = request;
        }

        @Override
        public LabelSet labels() {
            return labels;
        }

        @Override
        public boolean next() {
            if (cursor == null) {
                try {
                    cursor = store.select(tenant, storeRequest(labels, request));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            while (cursor.next()) {
                if (cursor.labels().equals(labels)) {
                    return true;
                }
            }
            return false;
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
            if (cursor != null) {
                cursor.close();
            }
        }
    }
}
