package dev.clusterlog.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clusterlog.bench.corpus.CorpusGenerator;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusSpec;
import dev.clusterlog.bench.corpus.SeedLibrary;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real forwarders on a small corpus: every line arrives, content unchanged. */
class AgentBenchmarkTest {
    private static Path corpus;
    private static CorpusManifest manifest;
    private static Path work;

    @BeforeAll
    static void generate(@TempDir Path dir) throws IOException {
        corpus = dir.resolve("corpus");
        work = dir.resolve("work");
        String shared = System.getProperty("clusterlog.shared");
        SeedLibrary library = SeedLibrary.load(null, shared == null ? null : Path.of(shared, "datasets"));
        manifest = new CorpusGenerator(CorpusSpec.defaults(2 << 20, 4, corpus).withContainers(30)
                .withRotateBytes(128 * 1024), library).generate();
    }

    @Test
    void catDeliversEveryLineOfThePlainFiles() throws IOException {
        AgentResult r = new AgentBenchmark(corpus, manifest, work, 10).run(new CatAgent());

        long expected = manifest.plainFiles().stream().mapToLong(CorpusManifest.FileEntry::records).sum();
        assertThat(r.expectedLines()).isEqualTo(expected).isPositive();
        assertThat(r.deliveredLines()).isEqualTo(expected);
        assertThat(r.contentMatches()).isTrue();
        assertThat(r.deliveredBytes()).isEqualTo(r.inputBytes());
        assertThat(r.cpuSeconds()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void rsyslogForwardsEveryLineUnchanged() throws IOException {
        RsyslogAgent rsyslog = new RsyslogAgent();
        assumeTrue(rsyslog.unavailableReason() == null, "rsyslogd is not installed (bench/peers/install.sh)");

        AgentResult r = new AgentBenchmark(corpus, manifest, work, 10).run(rsyslog);

        assertThat(r.deliveredLines()).isEqualTo(r.expectedLines());
        assertThat(r.contentMatches()).isTrue();
        assertThat(r.peakRssBytes()).isPositive();
    }

    @Test
    void syslogNgForwardsEveryLineUnchanged() throws IOException {
        SyslogNgAgent syslogNg = new SyslogNgAgent(Path.of("target", "peers", "syslog-ng").toAbsolutePath());
        assumeTrue(syslogNg.unavailableReason() == null, "syslog-ng is not unpacked (bench/peers/install.sh)");

        AgentResult r = new AgentBenchmark(corpus, manifest, work, 10).run(syslogNg);

        assertThat(r.deliveredLines()).isEqualTo(r.expectedLines());
        assertThat(r.contentMatches()).isTrue();
    }

    @Test
    void aForwarderThatLosesAFileIsAMismatchNotAResult() throws IOException {
        CatAgent cat = new CatAgent();
        AgentUnderTest lossy = new AgentUnderTest() {
            @Override
            public String name() {
                return "lossy-cat";
            }

            @Override
            public String unavailableReason() {
                return null;
            }

            @Override
            public RunningAgent start(ForwardingTask task) throws IOException {
                return cat.start(new ForwardingTask(task.podsDirectory(), task.files().subList(1, task.files().size()),
                        task.sinkPort(), task.workDirectory()));
            }
        };

        AgentResult r = new AgentBenchmark(corpus, manifest, work, 1).run(lossy);

        long firstFile = manifest.plainFiles().get(0).records();
        assertThat(r.deliveredLines()).isEqualTo(r.expectedLines() - firstFile);
        assertThat(r.linesMatch()).isFalse();
        assertThat(r.contentMatches()).isFalse();
    }

    @Test
    void clusterlogAgentDeliversEveryLogicalLineItCanReachToTheSink() throws IOException {
        AgentResult r = new AgentBenchmark(corpus, manifest, work, 30)
                .run(new ClusterlogAgent(ClusterlogAgent.Target.TCP).corpus(corpus));

        // the small rotation size leaves gzipped files the agent never saw uncompressed: not reachable
        assertThat(manifest.plainFiles().size()).isLessThan((int) manifest.containers().stream()
                .mapToLong(c -> c.files().size()).sum());
        assertThat(r.expectedLines()).isPositive().isLessThan(manifest.logicalLines());
        assertThat(r.deliveredLines()).isEqualTo(r.expectedLines());
        assertThat(r.peakRssBytes()).isPositive();
    }

    @Test
    void clusterlogAgentDeliversEveryReachableLineIntoTheServersStore() throws IOException {
        AgentResult r = new AgentBenchmark(corpus, manifest, work, 30)
                .run(new ClusterlogAgent(ClusterlogAgent.Target.SERVER).corpus(corpus));

        assertThat(r.deliveredLines()).isEqualTo(r.expectedLines()).isPositive();
        assertThat(r.cpuSeconds()).isPositive();
    }

    @Test
    void storeIngestsEveryLogicalLineAndAnswersAsGrepDoes() throws IOException {
        ClusterlogStoreBench store = new ClusterlogStoreBench();
        try {
            StoreUnderTest.IngestResult in = store.ingest(corpus, manifest, work.resolve("store"));
            assertThat(in.lines()).isEqualTo(manifest.logicalLines());
            assertThat(in.bytesOnDisk()).isPositive();

            assertThat(store.query(StoreUnderTest.QueryKind.RARE_TOKEN, manifest).matches()).isEqualTo(1);
            long substring = java.nio.file.Files.readAllLines(corpus.resolve(manifest.rawText()),
                    java.nio.charset.StandardCharsets.ISO_8859_1).stream() // bytes as chars: raw text need not be UTF-8
                    .filter(l -> l.contains(ZstdGrepBaseline.SUBSTRING)).count();
            assertThat(store.query(StoreUnderTest.QueryKind.SUBSTRING, manifest).matches()).isEqualTo(substring);
            CorpusManifest.Container rare = manifest.containers().stream()
                    .filter(c -> c.relativeDirectory().equals(manifest.rareTokenContainer())).findFirst().orElseThrow();
            assertThat(store.query(StoreUnderTest.QueryKind.TAIL_100, manifest).matches())
                    .isEqualTo(Math.min(100, rare.logicalLines()));
            assertThat(store.query(StoreUnderTest.QueryKind.COUNT_BY_POD, manifest).matches()).isNotNegative(); // a vector
        } finally {
            store.close();
        }
    }

    @Test
    void freshLinesComeBackFromTheServer() throws Exception {
        FreshnessBenchmark.Result r = FreshnessBenchmark.run(work.resolve("fresh"), 5, 30);

        assertThat(r.allSeen()).isTrue();
        assertThat(r.p99Millis()).isPositive().isGreaterThanOrEqualTo(r.p50Millis());
    }
}
