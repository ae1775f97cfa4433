package dev.clusterlog.logql.eval;

import java.util.List;

/**
 * Where a query reads entries from: the store implements it; {@link InMemoryEntrySource} is the
 * in-memory one. The engine re-applies every pipeline stage, so a source may return more than the
 * request asks (it must not return less): honouring the matchers and the time range is required,
 * the pushed-down line filters and hints are an optimisation.
 */
public interface EntrySource {

    /** One cursor per selected stream, each in the requested direction within [start, end). */
    List<StreamCursor> select(SelectRequest request);
}
