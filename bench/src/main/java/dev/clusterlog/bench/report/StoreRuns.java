package dev.clusterlog.bench.report;

import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.peers.ClusterlogServerHttpBench;
import dev.clusterlog.bench.peers.ClusterlogStoreBench;
import dev.clusterlog.bench.peers.LuceneBaseline;
import dev.clusterlog.bench.peers.OpenSearchBaseline;
import dev.clusterlog.bench.peers.StoreUnderTest;
import dev.clusterlog.bench.peers.StoreUnderTest.IngestResult;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryKind;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryResult;
import dev.clusterlog.bench.peers.ZstdGrepBaseline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The store steps of a bench run, each on the same corpus and the same query classes: the
 * {@code zstd}/{@code grep} baseline, the clusterlog store in this JVM, the store behind its server
 * in its own JVM over HTTP, plain Lucene, and OpenSearch in its own JVM. Each prints its ingest
 * line on stderr as it finishes.
 */
final class StoreRuns {
    private final Path corpus;
    private final CorpusManifest manifest;
    private final Path work;

    StoreRuns(Path corpus, CorpusManifest manifest, Path work) {
        this.corpus = corpus;
        this.manifest = manifest;
        this.work = work;
    }

    /** 3. the store baselines */
    GrepBaseline grepBaseline() throws IOException {
        StoreUnderTest baseline = new ZstdGrepBaseline();
        String skipped = baseline.unavailableReason();
        if (skipped != null) {
            return new GrepBaseline(null, null, null, skipped);
        }
        IngestResult zstd = baseline.ingest(corpus, manifest, work.resolve("zstd"));
        QueryResult rare = baseline.query(QueryKind.RARE_TOKEN, manifest);
        QueryResult substring = baseline.query(QueryKind.SUBSTRING, manifest);
        return new GrepBaseline(zstd, rare, substring, null);
    }

    /** 3b. the clusterlog store in this JVM, and the LogQL engine over it */
    StoreFigures inProcessStore() throws IOException {
        ClusterlogStoreBench ourStore = new ClusterlogStoreBench();
        try {
            IngestResult ingest = ourStore.ingest(corpus, manifest, work.resolve("store"));
            printIngest("clusterlog store", ingest);
            Map<QueryKind, QueryResult> q = new EnumMap<>(QueryKind.class);
            Map<QueryKind, String> texts = new EnumMap<>(QueryKind.class);
            for (QueryKind k : QueryKind.values()) {
                q.put(k, ourStore.query(k, manifest));
                texts.put(k, ourStore.lastQueryText());
            }
            return new StoreFigures(ingest, ourStore.walBytes(), q, texts);
        } finally {
            ourStore.close();
        }
    }

    /** The figures of the server over HTTP, or the message of its failure. */
    record OverHttp(StoreFigures figures, String failure) {
    }

    /** 3b'. the store behind its server, in its own JVM, fed over HTTP like OpenSearch */
    OverHttp serverOverHttp() throws IOException {
        ClusterlogServerHttpBench serverBench = new ClusterlogServerHttpBench();
        try {
            IngestResult ingest = serverBench.ingest(corpus, manifest, work.resolve("server-http"));
            printIngest("clusterlog server over HTTP", ingest);
            return new OverHttp(new StoreFigures(ingest, 0, queries(serverBench), Map.of()), null);
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: clusterlog server over HTTP: " + e.getMessage());
            return new OverHttp(null, e.getMessage());
        } finally {
            serverBench.close();
        }
    }

    /** 3c. the plain Lucene baseline (one document per line), same queries */
    StoreFigures lucene() throws IOException {
        LuceneBaseline lucene = new LuceneBaseline();
        try {
            IngestResult ingest = lucene.ingest(corpus, manifest, work.resolve("lucene"));
            printIngest("plain Lucene", ingest);
            return new StoreFigures(ingest, 0, queries(lucene), Map.of());
        } finally {
            lucene.close();
        }
    }

    /** 3c'. OpenSearch in its own JVM, fed over HTTP, same queries; {@code skipped} says why not, when not */
    OpenSearchFigures openSearch(Path openSearchLib, Path openSearchNode, String skipped) throws IOException {
        OpenSearchBaseline os = new OpenSearchBaseline(openSearchLib, openSearchNode);
        String why = skipped != null ? skipped : os.unavailableReason();
        if (why != null) {
            return new OpenSearchFigures(null, null, null, null, why, null);
        }
        try {
            IngestResult ingest = os.ingest(corpus, manifest, work.resolve("opensearch"));
            IngestResult wc = os.wildcardIngest();
            IngestResult best = os.bestCompressionIngest();
            System.err.printf(Locale.ROOT, "bench: OpenSearch: %d lines in %.2f s, %.2f CPU-s, %d bytes; with the"
                    + " wildcard sub-field %.2f s, %.2f CPU-s, %d bytes; best_compression %.2f s, %.2f CPU-s,"
                    + " %d bytes; start %s%n", ingest.lines(),
                    ingest.wallSeconds(), ingest.cpuSeconds(), ingest.bytesOnDisk(), wc.wallSeconds(),
                    wc.cpuSeconds(), wc.bytesOnDisk(), best.wallSeconds(), best.cpuSeconds(), best.bytesOnDisk(),
                    os.startup());
            return new OpenSearchFigures(new StoreFigures(ingest, 0, queries(os), Map.of()), wc, best, os.startup(), null,
                    null);
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: OpenSearch: " + e.getMessage());
            return new OpenSearchFigures(null, null, null, null, null, e.getMessage());
        } finally {
            os.close();
        }
    }

    /** Every query class against a loaded store, in {@link QueryKind} order. */
    private Map<QueryKind, QueryResult> queries(StoreUnderTest store) throws IOException {
        Map<QueryKind, QueryResult> q = new EnumMap<>(QueryKind.class);
        for (QueryKind k : QueryKind.values()) {
            q.put(k, store.query(k, manifest));
        }
        return q;
    }

    private static void printIngest(String name, IngestResult ingest) {
        System.err.printf(Locale.ROOT, "bench: %s: %d lines in %.2f s, %.2f CPU-s, %d bytes%n", name, ingest.lines(),
                ingest.wallSeconds(), ingest.cpuSeconds(), ingest.bytesOnDisk());
    }
}
