package dev.clusterlog.bench.report;

import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.peers.AgentResult;
import dev.clusterlog.bench.peers.FreshnessBenchmark;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryKind;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryResult;
import java.util.List;

/**
 * What makes a bench run fail (exit code 1): a fast system that loses lines is a failure, not a
 * result. Every agent that ran delivered the expected lines; the server over HTTP, the store, grep,
 * Lucene and OpenSearch agree on the lines held and the answers; every freshness line came back.
 * Each mismatch is one {@code bench: FAILED: ...} line on stderr.
 */
final class ResultChecks {
    private ResultChecks() {
    }

    static boolean allMatch(BenchResults r) {
        CorpusManifest manifest = r.manifest();
        List<AgentResult> agentResults = r.agents();
        String overHttpFailure = r.overHttp().failure();
        StoreFigures overHttp = r.overHttp().figures();
        StoreFigures storeFigures = r.store();
        QueryResult rare = r.grep().rare();
        QueryResult substring = r.grep().substring();
        StoreFigures luceneFigures = r.lucene();
        OpenSearchFigures openSearch = r.openSearch();
        FreshnessBenchmark.Result fresh = r.fresh();
        boolean allMatch = agentResults.stream().filter(AgentResult::ran).allMatch(AgentResult::linesMatch);
        if (!allMatch) {
            System.err.println("bench: FAILED: a delivered line count does not match the expected count");
        }
        if (overHttpFailure != null) {
            System.err.println("bench: FAILED: the clusterlog server over HTTP: " + overHttpFailure);
            allMatch = false;
        }
        if (overHttp != null) {
            for (QueryKind k : QueryKind.values()) {
                if (overHttp.queries().get(k).matches() != storeFigures.queries().get(k).matches()) {
                    System.err.println("bench: FAILED: " + k + ": the server over HTTP answered "
                            + overHttp.queries().get(k).matches() + ", the store in-process "
                            + storeFigures.queries().get(k).matches());
                    allMatch = false;
                }
            }
        }
        if (storeFigures.ingest().lines() != manifest.logicalLines()) {
            System.err.println("bench: FAILED: the store ingested " + storeFigures.ingest().lines() + " lines; the corpus has "
                    + manifest.logicalLines());
            allMatch = false;
        }
        if (rare != null && storeFigures.queries().get(QueryKind.RARE_TOKEN).matches() != rare.matches()
                || substring != null && storeFigures.queries().get(QueryKind.SUBSTRING).matches() != substring.matches()) {
            System.err.println("bench: FAILED: the store's matches differ from grep -F's");
            allMatch = false;
        }
        // count by pod is not compared: Lucene's term "error" is a whole token, LogQL's |= a substring
        for (QueryKind k : List.of(QueryKind.RARE_TOKEN, QueryKind.SUBSTRING, QueryKind.TAIL_100)) {
            if (storeFigures.queries().get(k).matches() != luceneFigures.queries().get(k).matches()) {
                System.err.println("bench: FAILED: " + k + ": the store answered " + storeFigures.queries().get(k).matches()
                        + ", Lucene " + luceneFigures.queries().get(k).matches());
                allMatch = false;
            }
        }
        if (openSearch != null && openSearch.failure() != null) {
            System.err.println("bench: FAILED: OpenSearch: " + openSearch.failure());
            allMatch = false;
        }
        if (openSearch != null && openSearch.figures() != null) {
            StoreFigures os = openSearch.figures();
            if (os.ingest().lines() != manifest.logicalLines() || openSearch.wildcard().lines() != manifest.logicalLines()
                    || openSearch.bestCompression().lines() != manifest.logicalLines()) {
                System.err.println("bench: FAILED: OpenSearch holds " + os.ingest().lines() + " lines; the corpus has "
                        + manifest.logicalLines());
                allMatch = false;
            }
            // the rare token, the substring and the tail have one right answer; count by pod is a whole-token match
            for (QueryKind k : List.of(QueryKind.RARE_TOKEN, QueryKind.SUBSTRING, QueryKind.TAIL_100)) {
                if (os.queries().get(k).matches() != storeFigures.queries().get(k).matches()) {
                    System.err.println("bench: FAILED: " + k + ": OpenSearch answered " + os.queries().get(k).matches()
                            + ", the store " + storeFigures.queries().get(k).matches());
                    allMatch = false;
                }
            }
        }
        if (!fresh.allSeen()) {
            System.err.println("bench: FAILED: freshness: only " + fresh.seen() + " of " + fresh.lines()
                    + " written lines came back from the server");
            allMatch = false;
        }
        return allMatch;
    }
}
