package dev.clusterlog.bench.peers;

import dev.clusterlog.bench.corpus.CorpusManifest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A log store measured by the store benchmark: ingests the corpus, then answers the query
 * classes of DESIGN.md's figures. Implementation now: {@link ZstdGrepBaseline} (the raw text,
 * {@code zstd -3} for size, {@code grep -F} for scans). The clusterlog store plugs in as one more
 * implementation (in-process, and over HTTP as a separate process); a plain Lucene indexer and
 * an OpenSearch node are further implementations of the same interface.
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
    }

    String name();

    /** Null when the store can run here, else why not. */
    String unavailableReason();

    IngestResult ingest(Path corpus, CorpusManifest manifest, Path workDirectory) throws IOException;

    /** The median of a few warm runs; null when the store cannot answer this class of query. */
    QueryResult query(QueryKind kind, CorpusManifest manifest) throws IOException;
}
