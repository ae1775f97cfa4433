package dev.clusterlog.bench.report;

import dev.clusterlog.bench.peers.StoreUnderTest.IngestResult;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryResult;

/**
 * {@code zstd -3} of the raw text and {@code grep -F} over it: the size and scan baselines, or why
 * they did not run.
 */
record GrepBaseline(IngestResult zstd, QueryResult rare, QueryResult substring, String skipped) {
}
