package dev.clusterlog.bench.report;

import dev.clusterlog.bench.corpus.CorpusGenerator;
import dev.clusterlog.bench.corpus.CorpusMain;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusSpec;
import dev.clusterlog.bench.corpus.SeedLibrary;
import dev.clusterlog.bench.peers.AgentBenchmark;
import dev.clusterlog.bench.peers.AgentResult;
import dev.clusterlog.bench.peers.AgentUnderTest;
import dev.clusterlog.bench.peers.CatAgent;
import dev.clusterlog.bench.peers.RsyslogAgent;
import dev.clusterlog.bench.peers.StoreUnderTest;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryKind;
import dev.clusterlog.bench.peers.ZstdGrepBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run --quick | --full | --smoke [--size S] [--seed N] [--work DIR] [--datasets DIR]
 * [--from DIR] [--syslog-ng-root DIR] [--commit C] [--no-jmh]}: generates a corpus, runs the
 * agents (cat, rsyslog, syslog-ng; the clusterlog agent once built) and the store baselines over
 * it, runs the JMH benchmarks, and prints one Markdown table with the machine's facts.
 *
 * <ul>
 *   <li>{@code --quick}: 100 MiB corpus, short JMH iterations; under 5 minutes on 2 cores.</li>
 *   <li>{@code --full}: 1 GiB corpus (or {@code --size}), JMH with its annotated iterations.</li>
 *   <li>{@code --smoke}: 8 MiB corpus, cat and rsyslog only, no JMH; under a minute.</li>
 * </ul>
 * Exit codes: 0 every delivered count matched the expected one; 1 a count did not match (a fast
 * system that loses lines is a failure, not a result) or a step failed; 2 usage error.
 */
public final class BenchMain {
    private BenchMain() {
    }

    private enum Mode { QUICK, FULL, SMOKE }

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
        Mode mode = null;
        Long size = null;
        long seed = 1;
        Path work = Path.of("bench", "target", "bench-work");
        Path datasets = CorpusMain.defaultDatasets();
        Path from = null;
        Path syslogNgRoot = Path.of("bench", "target", "peers", "syslog-ng");
        String commit = "unknown";
        boolean jmh = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = Mode.QUICK;
                case "--full" -> mode = Mode.FULL;
                case "--smoke" -> mode = Mode.SMOKE;
                case "--size" -> size = CorpusMain.parseSize(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--work" -> work = Path.of(value(args, ++i));
                case "--datasets" -> datasets = Path.of(value(args, ++i));
                case "--from" -> from = Path.of(value(args, ++i));
                case "--syslog-ng-root" -> syslogNgRoot = Path.of(value(args, ++i));
                case "--commit" -> commit = value(args, ++i);
                case "--no-jmh" -> jmh = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --quick, --full,"
                        + " --smoke, --size, --seed, --work, --datasets, --from, --syslog-ng-root, --commit, --no-jmh");
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException("one of --quick, --full, --smoke is required");
        }
        long corpusBytes = size != null ? size : switch (mode) {
            case QUICK -> 100L << 20;
            case FULL -> 1L << 30;
            case SMOKE -> 8L << 20;
        };
        Files.createDirectories(work);
        work = work.toAbsolutePath();
        Path corpus = work.resolve("corpus");
        String started = Instant.now().toString();
        String loadAtStart = MachineFacts.loadAverage();

        // 1. the corpus
        SeedLibrary library = SeedLibrary.load(from, datasets);
        dev.clusterlog.bench.corpus.CorpusFiles.deleteRecursively(corpus); // the harness owns its work directory
        long t0 = System.nanoTime();
        CorpusManifest manifest = new CorpusGenerator(CorpusSpec.defaults(corpusBytes, seed, corpus), library).generate();
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "bench: corpus %.0f MiB, %d logical lines, %d containers in %.1f s (%s)%n",
                manifest.fileBytes() / 1048576.0, manifest.logicalLines(), manifest.containers().size(),
                generateSeconds, library.origin());

        // 2. the agents: the peers and the read limit
        List<AgentUnderTest> agents = mode == Mode.SMOKE ? List.of(new CatAgent(), new RsyslogAgent())
                : AgentBenchmark.defaultAgents(syslogNgRoot.toAbsolutePath());
        double idle = mode == Mode.SMOKE ? 5 : 20;
        List<AgentResult> agentResults = new AgentBenchmark(corpus, manifest, work.resolve("agents"), idle).runAll(agents);
        for (AgentResult r : agentResults) {
            System.err.println("bench: " + r.name() + (r.ran() ? String.format(Locale.ROOT,
                    ": %d of %d lines in %.2f s, %.2f CPU-s", r.deliveredLines(), r.expectedLines(), r.wallSeconds(),
                    r.cpuSeconds()) : ": skipped, " + r.skipped()));
        }

        // 3. the store baselines
        StoreUnderTest baseline = new ZstdGrepBaseline();
        StoreUnderTest.IngestResult zstd = null;
        StoreUnderTest.QueryResult rare = null;
        StoreUnderTest.QueryResult substring = null;
        String baselineSkipped = baseline.unavailableReason();
        if (baselineSkipped == null) {
            zstd = baseline.ingest(corpus, manifest, work.resolve("zstd"));
            rare = baseline.query(QueryKind.RARE_TOKEN, manifest);
            substring = baseline.query(QueryKind.SUBSTRING, manifest);
        }

        // 4. JMH
        List<JmhSuite.Figure> jmhFigures = List.of();
        if (jmh && mode != Mode.SMOKE) {
            System.err.println("bench: JMH " + (mode == Mode.QUICK ? "(short iterations)" : "") + " ...");
            jmhFigures = JmhSuite.run(mode == Mode.QUICK, datasets.toAbsolutePath(), work.resolve("jmh.txt"));
        }

        ReportTable table = table(manifest, generateSeconds, agentResults, zstd, rare, substring, baselineSkipped,
                jmhFigures);
        MachineFacts m = MachineFacts.read(work);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "clusterlog bench --%s, %s, commit %s, corpus %.0f MiB (seed %d, %s)%n%n",
                mode.name().toLowerCase(Locale.ROOT), started, commit, manifest.fileBytes() / 1048576.0, seed,
                library.origin()));
        out.append(table.render()).append('\n');
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s, %s RAM; %s; %s; disk %s; load average"
                + " (1/5/15 min) %s at start, %s at end%n", m.cores(), m.cpuModel(), m.memory(), m.jdk(), m.os(),
                m.disk(), loadAtStart, MachineFacts.loadAverage()));
        System.out.print(out);
        Files.writeString(work.resolve("table.md"), out);

        boolean allMatch = agentResults.stream().filter(AgentResult::ran).allMatch(AgentResult::linesMatch);
        if (!allMatch) {
            System.err.println("bench: FAILED: a delivered line count does not match the expected count");
        }
        return allMatch ? 0 : 1;
    }

    private static ReportTable table(CorpusManifest manifest, double generateSeconds, List<AgentResult> agents,
            StoreUnderTest.IngestResult zstd, StoreUnderTest.QueryResult rare, StoreUnderTest.QueryResult substring,
            String baselineSkipped, List<JmhSuite.Figure> jmh) {
        ReportTable t = new ReportTable();
        String agent = ReportTable.notBuilt("agent");
        String store = ReportTable.notBuilt("store");
        t.add("corpus generation", mb(manifest.fileBytes() / 1e6 / generateSeconds) + " MB/s", "", "", "",
                "1 GiB well under a minute");
        List<CorpusManifest.FileEntry> plain = manifest.plainFiles();
        long files = manifest.containers().stream().mapToLong(c -> c.files().size()).sum();
        t.add("agent: input (what every system forwards)", "", "", String.format(Locale.ROOT,
                "%.0f MiB, %d lines in the %d uncompressed files", plain.stream().mapToLong(CorpusManifest.FileEntry::bytes)
                        .sum() / 1048576.0, plain.stream().mapToLong(CorpusManifest.FileEntry::records).sum(), plain.size()),
                "", String.format(Locale.ROOT, "the %d gzipped files (%.0f MiB) are not read: the peers cannot",
                        files - plain.size(), (manifest.fileBytes() - plain.stream().mapToLong(CorpusManifest.FileEntry::bytes)
                                .sum()) / 1048576.0));
        List<AgentResult> peers = new ArrayList<>(agents);
        AgentResult better = peers.stream().filter(r -> r.ran() && !r.name().equals("cat") && r.linesMatch())
                .min(java.util.Comparator.comparingDouble(AgentResult::cpuSecondsPerGb)).orElse(null);
        boolean first = true;
        for (AgentResult r : peers) {
            t.add(first ? "agent: CPU-s per GB forwarded (file to TCP)" : "", first ? agent : "", peerName(r),
                    !r.ran() ? "skipped: " + r.skipped() : r.linesMatch() ? num(r.cpuSecondsPerGb())
                            : "FAILED: " + lost(r), "—",
                    first ? "<= 1/3 of the better peer" + (better != null ? " (" + num(better.cpuSecondsPerGb() / 3)
                            + ")" : "") + " (~5 on DESIGN's corpus)" : "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran()) {
                continue;
            }
            t.add(first ? "agent: throughput" : "", first ? agent : "", peerName(r),
                    r.linesMatch() ? mb(r.megabytesPerSecond()) + " MB/s" : "FAILED: " + lost(r), "—", "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran() || r.peakRssBytes() < 0) {
                continue;
            }
            t.add(first ? "agent: peak RSS" : "", first ? agent : "", peerName(r),
                    r.linesMatch() ? String.format(Locale.ROOT, "%.1f MiB", r.peakRssBytes() / 1048576.0)
                            : "FAILED: " + lost(r), "—", first ? "<= 128 MiB" : "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran()) {
                continue;
            }
            t.add(first ? "agent: lines delivered / expected" : "", first ? agent : "", peerName(r),
                    r.deliveredLines() + " / " + r.expectedLines() + (r.linesMatch() ? " ok" : " MISMATCH")
                            + (r.contentMatches() ? ", content ok" : ", content differs"),
                    "", first ? "all, every run" : "");
            first = false;
        }
        t.add("store: ingest lines/s per core, in-process", store, "plain Lucene, OpenSearch", "not measured yet "
                + "(baselines come with the store benchmark)", "", ">= 500k; >= 10x OpenSearch per CPU-s");
        t.add("store: bytes on disk per raw byte", store, "zstd -3 of raw text",
                zstd != null ? String.format(Locale.ROOT, "%.4f (%.1fx smaller, %.1f CPU-s)",
                        zstd.bytesOnDisk() / (double) manifest.rawBytes(), manifest.rawBytes() / (double) zstd.bytesOnDisk(),
                        zstd.cpuSeconds()) : "skipped: " + baselineSkipped, "",
                "<= 1.25x zstd -3" + (zstd != null ? String.format(Locale.ROOT, " (%.4f)",
                        1.25 * zstd.bytesOnDisk() / manifest.rawBytes()) : ""));
        t.add("query: rare token (one request id)", ReportTable.notBuilt("store"), "grep -F raw text",
                rare != null ? String.format(Locale.ROOT, "%.0f ms (%d match)", rare.millis(), rare.matches()) : "skipped",
                "", "faster than OpenSearch and Lucene; <= 1/5 of OpenSearch");
        t.add("query: substring, not a token", ReportTable.notBuilt("store"), "grep -F raw text",
                substring != null ? String.format(Locale.ROOT, "%.0f ms (%d matches, %.0f MB/s)", substring.millis(),
                        substring.matches(), manifest.rawBytes() / 1e3 / substring.millis()) : "skipped",
                "", "faster than OpenSearch and Lucene; >= 1 GB/s per core");
        t.add("query: last 100 lines of one container", ReportTable.notBuilt("store"), "OpenSearch, Lucene",
                "not measured yet (baselines come with the store benchmark)", "", "<= 1/5 of OpenSearch");
        t.add("query: count_over_time by pod, whole corpus", ReportTable.notBuilt("logql"), "OpenSearch, Lucene",
                "not measured yet (baselines come with the store benchmark)", "", "faster than both");
        t.add("freshness: write to query result, p99", "not measured yet (modules agent, store not built)", "", "", "",
                "<= 1 s");
        for (JmhSuite.Figure f : jmh) {
            String error = f.error() > 0 ? " ± " + mb(f.error()) : "";
            t.add("JMH " + f.benchmark(), mb(f.value()) + error + " " + f.unit(), "", "", "—", "track: no regression");
        }
        return t;
    }

    /** A run that lost (or duplicated) lines has no figures: only the count. */
    private static String lost(AgentResult r) {
        return "delivered " + r.deliveredLines() + " of " + r.expectedLines() + " lines";
    }

    private static String peerName(AgentResult r) {
        return r.name().equals("cat") ? "cat (read limit)" : r.name();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String mb(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
