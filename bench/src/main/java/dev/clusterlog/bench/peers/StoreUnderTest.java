package dev.clusterlog.bench.peers;

import dev.clusterlog.bench.corpus.CorpusManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A log store measured by the store benchmark: ingests the corpus, then answers the query
 * classes of DESIGN.md's figures. Implementations: {@link ClusterlogStoreBench} (the store
 * in-process), {@link LuceneBaseline} (plain Lucene, one document per line) and
 * {@link ZstdGrepBaseline} (the raw text, {@code zstd -3} for size, {@code grep -F} for scans) and
 * {@link OpenSearchBaseline} (an OpenSearch node in its own JVM, fed with {@code _bulk}).
 */
public interface StoreUnderTest {
    /** What the store is asked; the values come from the corpus manifest. */
    enum QueryKind {
        /** The one line holding the manifest's {@code rareToken}. */
        RARE_TOKEN,
        /** A substring that is not a whole token: {@value ZstdGrepBaseline#SUBSTRING}. */
        SUBSTRING,
        /** The last 100 lines of the {@code rareTokenContainer}. */
        TAIL_100,
        /** {@code sum by (pod) (count_over_time({...} |= "ERROR" [all]))} over the whole corpus. */
        COUNT_BY_POD
    }

    /**
     * @param bytesOnDisk what the store keeps for the corpus (index included)
     */
    record IngestResult(double wallSeconds, double cpuSeconds, long peakRssBytes, long lines, long bytesOnDisk) {
    }

    /** @param matches lines (or series) returned */
    record QueryResult(double millis, long matches) {
        /** One run of a query, returning its match count. */
        @FunctionalInterface
        public interface Run {
            long matches() throws IOException;
        }

        /** The median time of {@code runs} warm runs, with the match count of the last. */
        public static QueryResult median(int runs, Run run) throws IOException {
            double[] millis = new double[runs];
            long matches = 0;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                matches = run.matches();
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(millis);
            return new QueryResult(millis[runs / 2], matches);
        }
    }

    String name();

    /** Null when the store can run here, else why not. */
    String unavailableReason();

    IngestResult ingest(Path corpus, CorpusManifest manifest, Path workDirectory) throws IOException;

    /** The median of a few warm runs; null when the store cannot answer this class of query. */
    QueryResult query(QueryKind kind, CorpusManifest manifest) throws IOException;
}
