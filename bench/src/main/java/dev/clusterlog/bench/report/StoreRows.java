package dev.clusterlog.bench.report;

import static dev.clusterlog.bench.report.Cells.mb;
import static dev.clusterlog.bench.report.Cells.mib;
import static dev.clusterlog.bench.report.Cells.ratio;

import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.peers.FreshnessBenchmark;
import dev.clusterlog.bench.peers.StoreUnderTest.IngestResult;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryKind;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryResult;
import java.util.List;
import java.util.Locale;

/**
 * The report's store rows: ingest per core (in-process, over HTTP) and bytes on disk beside
 * Lucene, OpenSearch and {@code zstd}; each query class beside {@code grep}, Lucene and
 * OpenSearch, and over the server's Loki API; freshness; the JMH figures.
 */
final class StoreRows {
    private StoreRows() {
    }

    static void add(ReportTable t, BenchResults r) {
        CorpusManifest manifest = r.manifest();
        IngestResult zstd = r.grep().zstd();
        QueryResult rare = r.grep().rare();
        QueryResult substring = r.grep().substring();
        String baselineSkipped = r.grep().skipped();
        StoreFigures st = r.store();
        StoreFigures httpFigures = r.overHttp().figures();
        String httpFailure = r.overHttp().failure();
        StoreFigures lu = r.lucene();
        OpenSearchFigures osf = r.openSearch();
        FreshnessBenchmark.Result fresh = r.fresh();
        List<JmhSuite.Figure> jmh = r.jmh();
        StoreFigures os = osf == null ? null : osf.figures();
        String osMissing = osf == null ? null : osf.figures() != null ? null : osf.failure() != null
                ? "FAILED: " + osf.failure() : "skipped: " + osf.skipped();
        IngestResult in = st.ingest();
        IngestResult http = httpFigures == null ? null : httpFigures.ingest();
        t.add("store: ingest lines/s per core, in-process", String.format(Locale.ROOT,
                "%.0fk lines per CPU-s (%d lines, %.1f CPU-s, %.1f s wall)", in.lines() / in.cpuSeconds() / 1e3,
                in.lines(), in.cpuSeconds(), in.wallSeconds()), "plain Lucene",
                String.format(Locale.ROOT, "%.0fk lines per CPU-s (%.1f CPU-s, %.1f s wall)",
                        lu.ingest().lines() / lu.ingest().cpuSeconds() / 1e3, lu.ingest().cpuSeconds(),
                        lu.ingest().wallSeconds()),
                ratio((in.lines() / in.cpuSeconds()) / (lu.ingest().lines() / lu.ingest().cpuSeconds())) + " of Lucene",
                ">= 500k; >= 10x OpenSearch per CPU-s");
        if (os != null) {
            double osRate = os.ingest().lines() / os.ingest().cpuSeconds();
            t.add("", "", "OpenSearch", String.format(Locale.ROOT, "%.1fk lines per CPU-s of its JVM (%.1f CPU-s, %.1f s"
                    + " wall; line as text; _bulk of 5000, refresh, force-merge, flush; start-up %s not counted)",
                    osRate / 1e3, os.ingest().cpuSeconds(), os.ingest().wallSeconds(), osf.startup()),
                    ratio((in.lines() / in.cpuSeconds()) / osRate) + " of OpenSearch", "");
            IngestResult wc = osf.wildcard();
            double wcRate = wc.lines() / wc.cpuSeconds();
            t.add("", "", "OpenSearch, line.wc wildcard sub-field added (for substrings)", String.format(Locale.ROOT,
                    "%.1fk lines per CPU-s (%.1f CPU-s, %.1f s wall)", wcRate / 1e3, wc.cpuSeconds(), wc.wallSeconds()),
                    ratio((in.lines() / in.cpuSeconds()) / wcRate), "");
            IngestResult bc = osf.bestCompression();
            double bcRate = bc.lines() / bc.cpuSeconds();
            t.add("", "", "OpenSearch, index.codec best_compression", String.format(Locale.ROOT,
                    "%.1fk lines per CPU-s (%.1f CPU-s, %.1f s wall)", bcRate / 1e3, bc.cpuSeconds(), bc.wallSeconds()),
                    ratio((in.lines() / in.cpuSeconds()) / bcRate), "");
            httpIngestRow(t, in, http, httpFailure, String.format(Locale.ROOT, "%.1fk lines per CPU-s of its JVM", osRate / 1e3),
                    osRate, "OpenSearch");
            t.add("store: peak RSS", "", "OpenSearch", mib(Math.max(os.ingest().peakRssBytes(),
                    Math.max(wc.peakRssBytes(), bc.peakRssBytes()))) + " (its JVM, -Xmx512m, all three indices loaded)",
                    "", "");
        } else {
            if (osMissing != null) {
                t.add("", "", "OpenSearch", osMissing, "", "");
            }
            double luRate = lu.ingest().lines() / lu.ingest().cpuSeconds();
            httpIngestRow(t, in, http, httpFailure, String.format(Locale.ROOT, "%.0fk lines per CPU-s", luRate / 1e3),
                    luRate, "Lucene");
        }
        double ourRatio = in.bytesOnDisk() / (double) manifest.rawBytes();
        t.add("store: bytes on disk per raw byte", String.format(Locale.ROOT, "%.4f (segments + index%s)", ourRatio,
                st.walBytes() > 0 ? String.format(Locale.ROOT, "; WAL after flush %.1f MiB more", st.walBytes() / 1048576.0)
                        : ""), "zstd -3 of raw text",
                zstd != null ? String.format(Locale.ROOT, "%.4f (%.1fx smaller, %.1f CPU-s)",
                        zstd.bytesOnDisk() / (double) manifest.rawBytes(), manifest.rawBytes() / (double) zstd.bytesOnDisk(),
                        zstd.cpuSeconds()) : "skipped: " + baselineSkipped,
                zstd != null ? ratio(in.bytesOnDisk() / (double) zstd.bytesOnDisk()) : "",
                "<= 1.25x zstd -3" + (zstd != null ? String.format(Locale.ROOT, " (%.4f)",
                        1.25 * zstd.bytesOnDisk() / manifest.rawBytes()) : ""));
        t.add("", "", "plain Lucene (index incl. stored lines)", String.format(Locale.ROOT, "%.4f",
                lu.ingest().bytesOnDisk() / (double) manifest.rawBytes()),
                ratio(in.bytesOnDisk() / (double) lu.ingest().bytesOnDisk()) + " of Lucene", "");
        if (os != null) {
            t.add("", "", "OpenSearch (store.size after force-merge: _source + text index)",
                    String.format(Locale.ROOT, "%.4f", os.ingest().bytesOnDisk() / (double) manifest.rawBytes()),
                    ratio(in.bytesOnDisk() / (double) os.ingest().bytesOnDisk()) + " of OpenSearch", "");
            t.add("", "", "OpenSearch, line.wc wildcard sub-field added",
                    String.format(Locale.ROOT, "%.4f", osf.wildcard().bytesOnDisk() / (double) manifest.rawBytes()),
                    ratio(in.bytesOnDisk() / (double) osf.wildcard().bytesOnDisk()), "");
            t.add("", "", "OpenSearch, index.codec best_compression (DEFLATE stored fields)",
                    String.format(Locale.ROOT, "%.4f", osf.bestCompression().bytesOnDisk() / (double) manifest.rawBytes()),
                    ratio(in.bytesOnDisk() / (double) osf.bestCompression().bytesOnDisk()), "");
        }
        QueryResult qr = st.queries().get(QueryKind.RARE_TOKEN);
        t.add("query: rare token (one request id)", String.format(Locale.ROOT, "%.1f ms (%d match)", qr.millis(),
                qr.matches()), "grep -F raw text",
                rare != null ? String.format(Locale.ROOT, "%.0f ms (%d match)", rare.millis(), rare.matches()) : "skipped",
                rare != null ? ratio(qr.millis() / rare.millis()) + " of grep" : "",
                "faster than OpenSearch and Lucene; <= 1/5 of OpenSearch");
        luceneRow(t, lu, qr, QueryKind.RARE_TOKEN, "phrase query");
        openSearchRow(t, os, qr, QueryKind.RARE_TOKEN, "match_phrase");
        httpQueryRow(t, httpFigures, os, QueryKind.RARE_TOKEN);
        QueryResult qs = st.queries().get(QueryKind.SUBSTRING);
        t.add("query: substring, not a token", String.format(Locale.ROOT, "%.0f ms (%d matches, %.0f MB/s of raw text)",
                qs.millis(), qs.matches(), manifest.rawBytes() / 1e3 / qs.millis()), "grep -F raw text",
                substring != null ? String.format(Locale.ROOT, "%.0f ms (%d matches, %.0f MB/s)", substring.millis(),
                        substring.matches(), manifest.rawBytes() / 1e3 / substring.millis()) : "skipped",
                substring != null ? ratio(qs.millis() / substring.millis()) + " of grep" : "",
                "faster than OpenSearch and Lucene; >= 1 GB/s per core");
        luceneRow(t, lu, qs, QueryKind.SUBSTRING, "scan of the stored lines");
        openSearchRow(t, os, qs, QueryKind.SUBSTRING, "wildcard query on a wildcard-type sub-field");
        httpQueryRow(t, httpFigures, os, QueryKind.SUBSTRING);
        QueryResult qt = st.queries().get(QueryKind.TAIL_100);
        t.add("query: last 100 lines of one container", String.format(Locale.ROOT, "%.1f ms (%d lines)", qt.millis(),
                qt.matches()), "plain Lucene", luceneCell(lu, QueryKind.TAIL_100, "label terms, sort by time"),
                ratio(qt.millis() / lu.queries().get(QueryKind.TAIL_100).millis()) + " of Lucene",
                "<= 1/5 of OpenSearch");
        openSearchRow(t, os, qt, QueryKind.TAIL_100, "term filters, sort by time");
        httpQueryRow(t, httpFigures, os, QueryKind.TAIL_100);
        QueryResult qc = st.queries().get(QueryKind.COUNT_BY_POD);
        t.add("query: count_over_time by pod, one namespace, whole corpus", String.format(Locale.ROOT,
                "%.0f ms (%d pods; `%s`)", qc.millis(), qc.matches(), st.texts().get(QueryKind.COUNT_BY_POD)),
                "plain Lucene", luceneCell(lu, QueryKind.COUNT_BY_POD, "term query: the whole token error, then a case-sensitive check of the stored line; pods counted"),
                ratio(qc.millis() / lu.queries().get(QueryKind.COUNT_BY_POD).millis()) + " of Lucene",
                "faster than both");
        openSearchRow(t, os, qc, QueryKind.COUNT_BY_POD, "match of the token error, terms aggregation on pod");
        httpQueryRow(t, httpFigures, os, QueryKind.COUNT_BY_POD);
        t.add("freshness: write to query result (agent to server), p50 / p99", fresh.allSeen()
                ? String.format(Locale.ROOT, "%.0f ms / %.0f ms (%d lines, max %.0f ms; agent defaults: poll 250 ms,"
                        + " batch wait 1 s)", fresh.p50Millis(), fresh.p99Millis(), fresh.lines(), fresh.maxMillis())
                : "FAILED: " + fresh.seen() + " of " + fresh.lines() + " lines came back", "", "", "", "<= 1 s");
        for (JmhSuite.Figure f : jmh) {
            String error = f.error() > 0 ? " ± " + mb(f.error()) : "";
            t.add("JMH " + f.benchmark(), mb(f.value()) + error + " " + f.unit(), "", "", "—", "track: no regression");
        }
    }

    /** The same query through the server's Loki API (its own JVM), beside OpenSearch's (also over HTTP). */
    private static void httpQueryRow(ReportTable t, StoreFigures http, StoreFigures os, QueryKind kind) {
        if (http == null) {
            return;
        }
        QueryResult q = http.queries().get(kind);
        String unit = (kind == QueryKind.COUNT_BY_POD ? "pod" : "line") + (q.matches() == 1 ? "" : "s");
        t.add("", String.format(Locale.ROOT, "over HTTP, the Loki API of the server JVM: %.1f ms (%d %s)", q.millis(),
                q.matches(), unit), os != null ? "OpenSearch (also over HTTP)" : "", os != null
                ? String.format(Locale.ROOT, "%.1f ms", os.queries().get(kind).millis()) : "",
                os != null ? ratio(q.millis() / os.queries().get(kind).millis()) + " of OpenSearch" : "", "");
    }

    /** The store behind its server over HTTP, beside the in-process figure and a peer's rate. */
    private static void httpIngestRow(ReportTable t, IngestResult inProcess, IngestResult http,
            String failure, String peerCell, double peerRate, String peer) {
        String label = "store: ingest lines/s per core, over HTTP (server in its own JVM, Loki push JSON, 5000 lines a request)";
        if (http == null) {
            t.add(label, "FAILED: " + failure, "", "", "", "all, every run");
            return;
        }
        double rate = http.lines() / http.cpuSeconds();
        t.add(label, String.format(Locale.ROOT, "%.0fk lines per CPU-s of the server JVM (%d / %d lines stored, %.1f CPU-s,"
                        + " %.1f s wall, peak RSS %s; in-process: %.0fk)", rate / 1e3, http.lines(), inProcess.lines(),
                        http.cpuSeconds(), http.wallSeconds(), mib(http.peakRssBytes()),
                        inProcess.lines() / inProcess.cpuSeconds() / 1e3),
                peer, peerCell, ratio(rate / peerRate) + " of " + peer, ">= 10x OpenSearch per CPU-s");
    }

    private static void luceneRow(ReportTable t, StoreFigures lu, QueryResult ours, QueryKind kind,
            String how) {
        t.add("", "", "plain Lucene", luceneCell(lu, kind, how),
                ratio(ours.millis() / lu.queries().get(kind).millis()) + " of Lucene", "");
    }

    private static void openSearchRow(ReportTable t, StoreFigures os, QueryResult ours, QueryKind kind,
            String how) {
        if (os != null) {
            t.add("", "", "OpenSearch", luceneCell(os, kind, how),
                    ratio(ours.millis() / os.queries().get(kind).millis()) + " of OpenSearch", "");
        }
    }

    private static String luceneCell(StoreFigures lu, QueryKind kind, String how) {
        QueryResult r = lu.queries().get(kind);
        return String.format(Locale.ROOT, "%.1f ms (%d %s; %s)", r.millis(), r.matches(),
                kind == QueryKind.COUNT_BY_POD ? "pods" : r.matches() == 1 ? "line" : "lines", how);
    }

}
