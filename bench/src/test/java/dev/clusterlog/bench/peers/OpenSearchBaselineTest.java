package dev.clusterlog.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clusterlog.bench.corpus.CorpusGenerator;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusSpec;
import dev.clusterlog.bench.corpus.CorpusVerifier;
import dev.clusterlog.bench.corpus.SeedLibrary;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryKind;
import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real OpenSearch node over a small corpus: every logical line is a document and the four
 * queries give the answers computed here from the corpus. Runs when {@code bench/run --quick} (or
 * {@code --full}) has copied the node's jars into {@code target/opensearch-lib}; skipped otherwise
 * (the jars are not on the module's class path).
 */
class OpenSearchBaselineTest {
    private static final Path LIB = Path.of("target", "opensearch-lib");
    private static final Path NODE = Path.of("opensearch", "OpenSearchNodeMain.java");

    @Test
    void holdsEveryLogicalLineAndAnswersTheQueriesAsTheCorpusSays(@TempDir Path dir) throws IOException {
        OpenSearchBaseline os = new OpenSearchBaseline(LIB, NODE);
        assumeTrue(os.unavailableReason() == null, "OpenSearch jars not copied: " + os.unavailableReason());
        String shared = System.getProperty("clusterlog.shared");
        SeedLibrary library = SeedLibrary.load(null, shared == null ? null : Path.of(shared, "datasets"));
        Path corpus = dir.resolve("corpus");
        CorpusManifest manifest = new CorpusGenerator(CorpusSpec.defaults(2 << 20, 3, corpus).withContainers(20)
                .withRotateBytes(256 * 1024), library).generate();
        try {
            StoreUnderTest.IngestResult ingest = os.ingest(corpus, manifest, dir.resolve("opensearch"));
            assertThat(ingest.lines()).isEqualTo(manifest.logicalLines());
            assertThat(ingest.bytesOnDisk()).isPositive();
            assertThat(ingest.cpuSeconds()).isPositive();
            assertThat(ingest.peakRssBytes()).isGreaterThan(64L << 20);
            assertThat(os.wildcardIngest().lines()).isEqualTo(manifest.logicalLines());
            assertThat(os.wildcardIngest().bytesOnDisk()).isGreaterThan(ingest.bytesOnDisk());
            // DEFLATE instead of LZ4 for the stored _source: the same documents in fewer bytes
            assertThat(os.bestCompressionIngest().lines()).isEqualTo(manifest.logicalLines());
            assertThat(os.bestCompressionIngest().bytesOnDisk()).isLessThan(ingest.bytesOnDisk());

            // one logical line per line; not all of it is valid UTF-8 (the tokens looked for are ASCII)
            List<String> raw = List.of(new String(Files.readAllBytes(corpus.resolve(manifest.rawText())),
                    StandardCharsets.UTF_8).split("\n"));
            assertThat(os.query(QueryKind.RARE_TOKEN, manifest).matches())
                    .isEqualTo(raw.stream().filter(l -> l.contains(manifest.rareToken())).count()).isEqualTo(1);
            assertThat(os.query(QueryKind.SUBSTRING, manifest).matches())
                    .isEqualTo(raw.stream().filter(l -> l.contains(ZstdGrepBaseline.SUBSTRING)).count());

            CorpusManifest.Container rare = manifest.containers().stream()
                    .filter(c -> c.relativeDirectory().equals(manifest.rareTokenContainer())).findFirst().orElseThrow();
            assertThat(os.query(QueryKind.TAIL_100, manifest).matches()).isEqualTo(Math.min(100, rare.logicalLines()));
            assertThat(os.query(QueryKind.COUNT_BY_POD, manifest).matches())
                    .isEqualTo(podsWithTokenError(corpus, manifest, rare.namespace()));
        } finally {
            os.close();
        }
    }

    /** Pods of the namespace with a logical line whose standard-analyzer tokens include {@code error}. */
    private static long podsWithTokenError(Path corpus, CorpusManifest manifest, String namespace) throws IOException {
        Set<String> pods = new HashSet<>();
        LogRecord record = new LogRecord();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        try (StandardAnalyzer analyzer = new StandardAnalyzer()) {
            for (CorpusManifest.Container c : manifest.containers()) {
                if (!c.namespace().equals(namespace)) {
                    continue;
                }
                List<Path> files = c.files().stream().map(f -> corpus.resolve(f.path()))
                        .sorted(Comparator.comparing(CorpusVerifier::age)).toList();
                for (Path file : files) {
                    try (ContainerLogFileReader r = ContainerLogFileReader.open(file, (m, e) -> { })) {
                        while (r.next(record)) {
                            joined.write(record.buf, record.contentOffset, record.contentLength);
                            if (record.partial) {
                                continue;
                            }
                            if (hasToken(analyzer, joined.toString(StandardCharsets.UTF_8), "error")) {
                                pods.add(c.pod());
                            }
                            joined.reset();
                        }
                    }
                }
            }
        }
        return pods.size();
    }

    private static boolean hasToken(StandardAnalyzer analyzer, String line, String token) throws IOException {
        try (TokenStream ts = analyzer.tokenStream("line", line)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            boolean found = false;
            while (ts.incrementToken()) {
                found |= term.toString().equals(token);
            }
            ts.end();
            return found;
        }
    }

    @Test
    void saysWhyWhenTheJarsAreMissing(@TempDir Path dir) {
        assertThat(new OpenSearchBaseline(dir, NODE).unavailableReason()).contains("no opensearch jar in");
        assertThat(new OpenSearchBaseline(LIB, dir.resolve("Missing.java")).unavailableReason()).contains("not found");
    }
}
