package dev.clusterlog.bench.report;

import dev.clusterlog.bench.peers.StoreUnderTest.IngestResult;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryKind;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryResult;
import java.util.Map;

/**
 * A store's ingest and its answers to each query class.
 *
 * @param walBytes the write-ahead log left after the flush (the clusterlog store in-process), else 0
 * @param texts the LogQL of each query (the clusterlog store in-process), else empty
 */
record StoreFigures(IngestResult ingest, long walBytes, Map<QueryKind, QueryResult> queries,
        Map<QueryKind, String> texts) {
}
