package dev.clusterlog.bench.report;

import dev.clusterlog.bench.peers.StoreUnderTest.IngestResult;

/** OpenSearch's figures, or why it did not run (skipped: not installed) or failed. */
record OpenSearchFigures(StoreFigures figures, IngestResult wildcard, IngestResult bestCompression, String startup,
        String skipped, String failure) {
}
