package dev.clusterlog.bench.report;

import dev.clusterlog.bench.corpus.CorpusGenerator;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusSpec;
import dev.clusterlog.bench.corpus.SeedLibrary;
import dev.clusterlog.bench.peers.AgentBenchmark;
import dev.clusterlog.bench.peers.AgentResult;
import dev.clusterlog.bench.peers.AgentUnderTest;
import dev.clusterlog.bench.peers.CatAgent;
import dev.clusterlog.bench.peers.ClusterlogAgent;
import dev.clusterlog.bench.peers.FreshnessBenchmark;
import dev.clusterlog.bench.peers.RsyslogAgent;
import dev.clusterlog.bench.report.BenchOptions.Mode;
import dev.clusterlog.core.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run --quick | --full | --smoke [--size S] [--seed N] [--work DIR] [--datasets DIR]
 * [--from DIR] [--syslog-ng-root DIR] [--commit C] [--no-jmh]}: generates a corpus, runs the
 * agents (the clusterlog agent to the TCP sink and to a clusterlog server, cat, rsyslog,
 * syslog-ng), the clusterlog store and its baselines (plain Lucene, {@code zstd -3},
 * {@code grep -F}), the freshness run and the JMH benchmarks, and prints one Markdown table with
 * the machine's facts.
 *
 * <ul>
 *   <li>{@code --quick}: 100 MiB corpus, short JMH iterations; under 5 minutes on 2 cores.</li>
 *   <li>{@code --full}: 1 GiB corpus (or {@code --size}), JMH with its annotated iterations.</li>
 *   <li>{@code --smoke}: 8 MiB corpus, no syslog-ng, no JMH; under 90 s.</li>
 * </ul>
 * Exit codes: 0 every delivered count matched the expected one; 1 a count did not match (an
 * agent's lines, the lines in the server's or the in-process store, the store's matches against
 * {@code grep -F} and Lucene, a freshness line that never came back: a fast system that loses
 * lines is a failure, not a result) or a step failed; 2 usage error.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("bench: " + e);
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        BenchOptions o = BenchOptions.parse(args);
        Mode mode = o.mode();
        Files.createDirectories(o.work());
        Path work = o.work().toAbsolutePath();
        Path corpus = work.resolve("corpus");
        String started = Instant.now().toString();
        String loadAtStart = MachineFacts.loadAverage();

        // 1. the corpus
        SeedLibrary library = SeedLibrary.load(o.from(), o.datasets());
        FileTrees.deleteRecursively(corpus); // the harness owns its work directory
        long t0 = System.nanoTime();
        CorpusManifest manifest = new CorpusGenerator(CorpusSpec.defaults(o.corpusBytes(), o.seed(), corpus), library)
                .generate();
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "bench: corpus %.0f MiB, %d logical lines, %d containers in %.1f s (%s)%n",
                manifest.fileBytes() / 1048576.0, manifest.logicalLines(), manifest.containers().size(),
                generateSeconds, library.origin());

        // 2. the agents: the peers and the read limit
        List<AgentResult> agentResults = runAgents(o, corpus, manifest, work);

        // 3. the stores: the zstd/grep baseline, ours in-process and over HTTP, Lucene, OpenSearch (not in --smoke)
        StoreRuns stores = new StoreRuns(corpus, manifest, work);
        GrepBaseline grep = stores.grepBaseline();
        StoreFigures storeFigures = stores.inProcessStore();
        StoreRuns.OverHttp overHttp = stores.serverOverHttp();
        StoreFigures luceneFigures = stores.lucene();
        OpenSearchFigures openSearch = o.smoke() ? null : stores.openSearch(o.openSearchLib(), o.openSearchNode(),
                o.withOpenSearch() ? null : "--no-opensearch");

        // 3d. freshness: agent JVM -> server in this JVM, a line written to a query that returns it
        FreshnessBenchmark.Result fresh = FreshnessBenchmark.run(work.resolve("freshness"), 50, o.smoke() ? 15 : 30);
        System.err.printf(Locale.ROOT, "bench: freshness: %d of %d lines, p50 %.0f ms, p99 %.0f ms%n", fresh.seen(),
                fresh.lines(), fresh.p50Millis(), fresh.p99Millis());

        // 4. JMH
        List<JmhSuite.Figure> jmhFigures = List.of();
        if (o.jmh() && !o.smoke()) {
            System.err.println("bench: JMH " + (mode == Mode.QUICK ? "(short iterations)" : "") + " ...");
            jmhFigures = JmhSuite.run(mode == Mode.QUICK, o.datasets().toAbsolutePath(), work.resolve("jmh.txt"));
        }

        BenchResults results = new BenchResults(manifest, generateSeconds, agentResults, grep, storeFigures, overHttp,
                luceneFigures, openSearch, fresh, jmhFigures);
        ReportTable table = new ReportTable();
        AgentRows.add(table, manifest, generateSeconds, agentResults);
        StoreRows.add(table, results);
        MachineFacts m = MachineFacts.read(work);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "clusterlog bench --%s, %s, commit %s, corpus %.0f MiB (seed %d, %s)%n%n",
                mode.name().toLowerCase(Locale.ROOT), started, o.commit(), manifest.fileBytes() / 1048576.0, o.seed(),
                library.origin()));
        out.append(table.render()).append('\n');
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s, %s RAM; %s; %s; disk %s; load average"
                + " (1/5/15 min) %s at start, %s at end%n", m.cores(), m.cpuModel(), m.memory(), m.jdk(), m.os(),
                m.disk(), loadAtStart, MachineFacts.loadAverage()));
        System.out.print(out);
        Files.writeString(work.resolve("table.md"), out);

        return ResultChecks.allMatch(results) ? 0 : 1;
    }

    /** The clusterlog agent (to the TCP sink and to a server), the peers and cat, one after another. */
    private static List<AgentResult> runAgents(BenchOptions o, Path corpus, CorpusManifest manifest, Path work)
            throws Exception {
        List<AgentUnderTest> agents = o.smoke()
                ? List.of(new ClusterlogAgent(ClusterlogAgent.Target.TCP).corpus(corpus),
                        new ClusterlogAgent(ClusterlogAgent.Target.SERVER).corpus(corpus), new CatAgent(),
                        new RsyslogAgent())
                : AgentBenchmark.defaultAgents(corpus, o.syslogNgRoot().toAbsolutePath());
        double idle = o.smoke() ? 15 : 30; // only a failing run waits this long
        List<AgentResult> agentResults = new AgentBenchmark(corpus, manifest, work.resolve("agents"), idle).runAll(agents);
        for (AgentResult r : agentResults) {
            System.err.println("bench: " + r.name() + (r.ran() ? String.format(Locale.ROOT,
                    ": %d of %d lines in %.2f s, %.2f CPU-s", r.deliveredLines(), r.expectedLines(), r.wallSeconds(),
                    r.cpuSeconds()) : ": skipped, " + r.skipped()));
        }
        return agentResults;
    }
}
