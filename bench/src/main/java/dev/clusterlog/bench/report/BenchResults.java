package dev.clusterlog.bench.report;

import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.peers.AgentResult;
import dev.clusterlog.bench.peers.FreshnessBenchmark;
import java.util.List;

/**
 * Everything one bench run measured, for the report and the checks.
 *
 * @param openSearch null in {@code --smoke} (OpenSearch is not started there)
 */
record BenchResults(CorpusManifest manifest, double generateSeconds, List<AgentResult> agents, GrepBaseline grep,
        StoreFigures store, StoreRuns.OverHttp overHttp, StoreFigures lucene, OpenSearchFigures openSearch,
        FreshnessBenchmark.Result fresh, List<JmhSuite.Figure> jmh) {
}
