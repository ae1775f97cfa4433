package dev.clusterlog.bench.peers;

import dev.clusterlog.bench.corpus.CorpusManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The no-index baseline: the corpus's raw text compressed with {@code zstd -3} (DESIGN.md's size
 * yardstick: a store may take at most 1.25x this), scans with {@code grep -F} over the raw text
 * (warm page cache; the median of {@value #RUNS} runs). It cannot tail a container or count by pod:
 * those need the structure a store keeps.
 */
public final class ZstdGrepBaseline implements StoreUnderTest {
    /** Part of {@code Exception in thread}: present in every corpus (Java traces), not a whole token. */
    public static final String SUBSTRING = "xception in thr";
    private static final int RUNS = 3;

    private Path corpus;
    private Path work;

    @Override
    public String name() {
        return "zstd -3 / grep -F";
    }

    @Override
    public String unavailableReason() {
        return RsyslogAgent.findOnPath("zstd") == null ? "zstd not found (apt-get install zstd)"
                : RsyslogAgent.findOnPath("grep") == null ? "grep not found" : null;
    }

    @Override
    public IngestResult ingest(Path corpus, CorpusManifest manifest, Path workDirectory) throws IOException {
        this.corpus = corpus;
        this.work = workDirectory;
        Files.createDirectories(workDirectory);
        Path zst = workDirectory.resolve("raw.txt.zst");
        MeasuredCommand.Result r = MeasuredCommand.run(List.of("zstd", "-3", "-q", "-f", "-o", zst.toString(),
                corpus.resolve(manifest.rawText()).toString()), workDirectory.resolve("zstd.out"));
        if (r.exitCode() != 0) {
            throw new IOException("zstd -3 failed with exit code " + r.exitCode() + ": " + r.output().trim());
        }
        return new IngestResult(r.wallSeconds(), r.cpuSeconds(), -1, manifest.rawLines(), Files.size(zst));
    }

    @Override
    public QueryResult query(QueryKind kind, CorpusManifest manifest) throws IOException {
        String needle = switch (kind) {
            case RARE_TOKEN -> manifest.rareToken();
            case SUBSTRING -> SUBSTRING;
            default -> null;
        };
        if (needle == null) {
            return null;
        }
        double[] millis = new double[RUNS];
        long matches = 0;
        for (int i = 0; i < RUNS; i++) {
            MeasuredCommand.Result r = MeasuredCommand.run(List.of("grep", "-F", "-c", needle,
                    corpus.resolve(manifest.rawText()).toString()), work.resolve("grep.out"));
            if (r.exitCode() > 1) {
                throw new IOException("grep -F failed with exit code " + r.exitCode() + ": " + r.output().trim());
            }
            millis[i] = r.wallSeconds() * 1000;
            matches = Long.parseLong(r.output().trim());
        }
        Arrays.sort(millis);
        return new QueryResult(millis[RUNS / 2], matches);
    }

}
