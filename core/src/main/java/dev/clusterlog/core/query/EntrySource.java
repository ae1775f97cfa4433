package dev.clusterlog.core.query;

import java.util.List;

/**
 * Where queries read entries from: the store of one tenant implements it, LogQL's engine reads
 * through it, tests use an in-memory one. Honouring the matchers and the time range is required;
 * the request's filter, required substrings and limit are for the source to use as it can (a
 * source may return entries the filter rejects, never fewer than the query needs).
 */
public interface EntrySource {
    /**
     * One cursor per selected stream that may have entries, each holding only that stream's
     * entries, in the request's direction within {@code [start, end)}. The caller closes them.
     */
    List<EntryCursor> selectByStream(SelectRequest request);

    /** All selected entries merged into one cursor in the request's direction, at most the request's limit of them. */
    default EntryCursor select(SelectRequest request) {
        return EntryCursors.merge(selectByStream(request), request.direction(), request.limit());
    }
}
