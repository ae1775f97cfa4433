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
import dev.clusterlog.bench.peers.ClusterlogAgent;
import dev.clusterlog.bench.peers.ClusterlogServerHttpBench;
import dev.clusterlog.bench.peers.ClusterlogStoreBench;
import dev.clusterlog.bench.peers.FreshnessBenchmark;
import dev.clusterlog.bench.peers.LuceneBaseline;
import dev.clusterlog.bench.peers.OpenSearchBaseline;
import dev.clusterlog.bench.peers.RsyslogAgent;
import dev.clusterlog.bench.peers.StoreUnderTest;
import dev.clusterlog.bench.peers.StoreUnderTest.QueryKind;
import dev.clusterlog.bench.peers.ZstdGrepBaseline;
import dev.clusterlog.core.io.FileTrees;
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
        boolean withOpenSearch = true;
        Path openSearchLib = Path.of("bench", "target", "opensearch-lib");
        Path openSearchNode = Path.of("bench", "opensearch", "OpenSearchNodeMain.java");
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
                case "--no-opensearch" -> withOpenSearch = false;
                case "--opensearch-lib" -> openSearchLib = Path.of(value(args, ++i));
                case "--opensearch-node" -> openSearchNode = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --quick, --full,"
                        + " --smoke, --size, --seed, --work, --datasets, --from, --syslog-ng-root, --commit, --no-jmh,"
                        + " --no-opensearch, --opensearch-lib, --opensearch-node");
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
        FileTrees.deleteRecursively(corpus); // the harness owns its work directory
        long t0 = System.nanoTime();
        CorpusManifest manifest = new CorpusGenerator(CorpusSpec.defaults(corpusBytes, seed, corpus), library).generate();
        double generateSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "bench: corpus %.0f MiB, %d logical lines, %d containers in %.1f s (%s)%n",
                manifest.fileBytes() / 1048576.0, manifest.logicalLines(), manifest.containers().size(),
                generateSeconds, library.origin());

        // 2. the agents: the peers and the read limit
        List<AgentUnderTest> agents = mode == Mode.SMOKE
                ? List.of(new ClusterlogAgent(ClusterlogAgent.Target.TCP).corpus(corpus),
                        new ClusterlogAgent(ClusterlogAgent.Target.SERVER).corpus(corpus), new CatAgent(),
                        new RsyslogAgent())
                : AgentBenchmark.defaultAgents(corpus, syslogNgRoot.toAbsolutePath());
        double idle = mode == Mode.SMOKE ? 15 : 30; // only a failing run waits this long
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

        // 3b. the clusterlog store in this JVM, and the LogQL engine over it
        ClusterlogStoreBench ourStore = new ClusterlogStoreBench();
        StoreFigures storeFigures;
        try {
            StoreUnderTest.IngestResult ingest = ourStore.ingest(corpus, manifest, work.resolve("store"));
            System.err.printf(Locale.ROOT, "bench: clusterlog store: %d lines in %.2f s, %.2f CPU-s, %d bytes%n",
                    ingest.lines(), ingest.wallSeconds(), ingest.cpuSeconds(), ingest.bytesOnDisk());
            java.util.Map<QueryKind, StoreUnderTest.QueryResult> q = new java.util.EnumMap<>(QueryKind.class);
            java.util.Map<QueryKind, String> texts = new java.util.EnumMap<>(QueryKind.class);
            for (QueryKind k : QueryKind.values()) {
                q.put(k, ourStore.query(k, manifest));
                texts.put(k, ourStore.lastQueryText());
            }
            storeFigures = new StoreFigures(ingest, ourStore.walBytes(), q, texts);
        } finally {
            ourStore.close();
        }

        // 3b'. the store behind its server, in its own JVM, fed over HTTP like OpenSearch
        StoreFigures overHttp = null;
        String overHttpFailure = null;
        ClusterlogServerHttpBench serverBench = new ClusterlogServerHttpBench();
        try {
            StoreUnderTest.IngestResult ingest = serverBench.ingest(corpus, manifest, work.resolve("server-http"));
            System.err.printf(Locale.ROOT, "bench: clusterlog server over HTTP: %d lines in %.2f s, %.2f CPU-s, %d bytes%n",
                    ingest.lines(), ingest.wallSeconds(), ingest.cpuSeconds(), ingest.bytesOnDisk());
            java.util.Map<QueryKind, StoreUnderTest.QueryResult> q = new java.util.EnumMap<>(QueryKind.class);
            for (QueryKind k : QueryKind.values()) {
                q.put(k, serverBench.query(k, manifest));
            }
            overHttp = new StoreFigures(ingest, 0, q, java.util.Map.of());
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: clusterlog server over HTTP: " + e.getMessage());
            overHttpFailure = e.getMessage();
        } finally {
            serverBench.close();
        }

        // 3c. the plain Lucene baseline (one document per line), same queries
        LuceneBaseline lucene = new LuceneBaseline();
        StoreFigures luceneFigures;
        try {
            StoreUnderTest.IngestResult ingest = lucene.ingest(corpus, manifest, work.resolve("lucene"));
            System.err.printf(Locale.ROOT, "bench: plain Lucene: %d lines in %.2f s, %.2f CPU-s, %d bytes%n",
                    ingest.lines(), ingest.wallSeconds(), ingest.cpuSeconds(), ingest.bytesOnDisk());
            java.util.Map<QueryKind, StoreUnderTest.QueryResult> q = new java.util.EnumMap<>(QueryKind.class);
            for (QueryKind k : QueryKind.values()) {
                q.put(k, lucene.query(k, manifest));
            }
            luceneFigures = new StoreFigures(ingest, 0, q, java.util.Map.of());
        } finally {
            lucene.close();
        }

        // 3c'. OpenSearch in its own JVM, fed over HTTP, same queries (not in --smoke: it must stay short)
        OpenSearchFigures openSearch = null;
        if (mode != Mode.SMOKE) {
            OpenSearchBaseline os = new OpenSearchBaseline(openSearchLib, openSearchNode);
            String why = withOpenSearch ? os.unavailableReason() : "--no-opensearch";
            if (why != null) {
                openSearch = new OpenSearchFigures(null, null, null, null, why, null);
            } else {
                try {
                    StoreUnderTest.IngestResult ingest = os.ingest(corpus, manifest, work.resolve("opensearch"));
                    StoreUnderTest.IngestResult wc = os.wildcardIngest();
                    StoreUnderTest.IngestResult best = os.bestCompressionIngest();
                    System.err.printf(Locale.ROOT, "bench: OpenSearch: %d lines in %.2f s, %.2f CPU-s, %d bytes; with the"
                            + " wildcard sub-field %.2f s, %.2f CPU-s, %d bytes; best_compression %.2f s, %.2f CPU-s,"
                            + " %d bytes; start %s%n", ingest.lines(),
                            ingest.wallSeconds(), ingest.cpuSeconds(), ingest.bytesOnDisk(), wc.wallSeconds(),
                            wc.cpuSeconds(), wc.bytesOnDisk(), best.wallSeconds(), best.cpuSeconds(), best.bytesOnDisk(),
                            os.startup());
                    java.util.Map<QueryKind, StoreUnderTest.QueryResult> q = new java.util.EnumMap<>(QueryKind.class);
                    for (QueryKind k : QueryKind.values()) {
                        q.put(k, os.query(k, manifest));
                    }
                    openSearch = new OpenSearchFigures(new StoreFigures(ingest, 0, q, java.util.Map.of()), wc, best,
                            os.startup(), null, null);
                } catch (IOException | RuntimeException e) {
                    System.err.println("bench: OpenSearch: " + e.getMessage());
                    openSearch = new OpenSearchFigures(null, null, null, null, null, e.getMessage());
                } finally {
                    os.close();
                }
            }
        }

        // 3d. freshness: agent JVM -> server in this JVM, a line written to a query that returns it
        FreshnessBenchmark.Result fresh = FreshnessBenchmark.run(work.resolve("freshness"), 50, mode == Mode.SMOKE ? 15 : 30);
        System.err.printf(Locale.ROOT, "bench: freshness: %d of %d lines, p50 %.0f ms, p99 %.0f ms%n", fresh.seen(),
                fresh.lines(), fresh.p50Millis(), fresh.p99Millis());

        // 4. JMH
        List<JmhSuite.Figure> jmhFigures = List.of();
        if (jmh && mode != Mode.SMOKE) {
            System.err.println("bench: JMH " + (mode == Mode.QUICK ? "(short iterations)" : "") + " ...");
            jmhFigures = JmhSuite.run(mode == Mode.QUICK, datasets.toAbsolutePath(), work.resolve("jmh.txt"));
        }

        ReportTable table = table(manifest, generateSeconds, agentResults, zstd, rare, substring, baselineSkipped,
                storeFigures, overHttp, overHttpFailure, luceneFigures, openSearch, fresh, jmhFigures);
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
        return allMatch ? 0 : 1;
    }

    private static ReportTable table(CorpusManifest manifest, double generateSeconds, List<AgentResult> agents,
            StoreUnderTest.IngestResult zstd, StoreUnderTest.QueryResult rare, StoreUnderTest.QueryResult substring,
            String baselineSkipped, StoreFigures st, StoreFigures httpFigures, String httpFailure, StoreFigures lu,
            OpenSearchFigures osf, FreshnessBenchmark.Result fresh,
            List<JmhSuite.Figure> jmh) {
        StoreFigures os = osf == null ? null : osf.figures();
        String osMissing = osf == null ? null : osf.figures() != null ? null : osf.failure() != null
                ? "FAILED: " + osf.failure() : "skipped: " + osf.skipped();
        ReportTable t = new ReportTable();
        String agent = ReportTable.notBuilt("agent");
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
        AgentResult ours = agents.stream().filter(r -> r.name().equals("clusterlog")).findFirst().orElse(null);
        AgentResult toServer = agents.stream().filter(r -> r.name().equals("clusterlog-server")).findFirst().orElse(null);
        List<AgentResult> peers = agents.stream().filter(r -> !r.name().startsWith("clusterlog")).toList();
        AgentResult better = peers.stream().filter(r -> r.ran() && !r.name().equals("cat") && r.linesMatch())
                .min(java.util.Comparator.comparingDouble(AgentResult::cpuSecondsPerGb)).orElse(null);
        AgentResult betterThroughput = peers.stream().filter(r -> r.ran() && !r.name().equals("cat") && r.linesMatch())
                .max(java.util.Comparator.comparingDouble(AgentResult::megabytesPerSecond)).orElse(null);
        AgentResult betterRss = peers.stream().filter(r -> r.ran() && r.peakRssBytes() >= 0 && r.linesMatch())
                .min(java.util.Comparator.comparingLong(AgentResult::peakRssBytes)).orElse(null);
        boolean oursOk = ours != null && ours.linesMatch();
        String oursFailed = ours == null ? agent : !ours.ran() ? "skipped: " + ours.skipped() : "FAILED: " + lost(ours);
        boolean first = true;
        for (AgentResult r : peers) {
            t.add(first ? "agent: CPU-s per GB forwarded (file to TCP)" : "",
                    first ? (oursOk ? num(ours.cpuSecondsPerGb()) : oursFailed) : "", peerName(r),
                    !r.ran() ? "skipped: " + r.skipped() : r.linesMatch() ? num(r.cpuSecondsPerGb())
                            : "FAILED: " + lost(r),
                    first && oursOk && better != null ? ratio(ours.cpuSecondsPerGb() / better.cpuSecondsPerGb())
                            + " of " + better.name() : "—",
                    first ? "<= 1/3 of the better peer" + (better != null ? " (" + num(better.cpuSecondsPerGb() / 3)
                            + ")" : "") + " (~5 on DESIGN's corpus)" : "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran()) {
                continue;
            }
            t.add(first ? "agent: throughput" : "", first ? (oursOk ? mb(ours.megabytesPerSecond()) + " MB/s" : oursFailed)
                    : "", peerName(r), r.linesMatch() ? mb(r.megabytesPerSecond()) + " MB/s" : "FAILED: " + lost(r),
                    first && oursOk && betterThroughput != null ? ratio(ours.megabytesPerSecond()
                            / betterThroughput.megabytesPerSecond()) + " of " + betterThroughput.name() : "—", "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran() || r.peakRssBytes() < 0) {
                continue;
            }
            t.add(first ? "agent: peak RSS" : "", first ? (oursOk ? mib(ours.peakRssBytes()) + " (JVM, -Xmx256m)"
                    : oursFailed) : "", peerName(r), r.linesMatch() ? mib(r.peakRssBytes()) : "FAILED: " + lost(r),
                    first && oursOk && betterRss != null ? ratio(ours.peakRssBytes() / (double) betterRss.peakRssBytes())
                            + " of " + betterRss.name() : "—", first ? "<= 128 MiB" : "");
            first = false;
        }
        first = true;
        for (AgentResult r : peers) {
            if (!r.ran()) {
                continue;
            }
            t.add(first ? "agent: lines delivered / expected" : "", first ? (ours == null ? agent : !ours.ran()
                    ? "skipped: " + ours.skipped() : ours.deliveredLines() + " / " + ours.expectedLines()
                    + (ours.linesMatch() ? " ok" : " MISMATCH") + " logical lines (JSON lines, content not"
                    + " byte-checked)") : "", peerName(r),
                    r.deliveredLines() + " / " + r.expectedLines() + (r.linesMatch() ? " ok" : " MISMATCH")
                            + (r.contentMatches() ? ", content ok" : ", content differs"),
                    "", first ? "all, every run" : "");
            first = false;
        }
        if (toServer != null) {
            t.add("agent to the clusterlog server (http push, gzip): lines in the store / expected",
                    !toServer.ran() ? "skipped: " + toServer.skipped() : toServer.deliveredLines() + " / "
                            + toServer.expectedLines() + (toServer.linesMatch() ? " ok" : " MISMATCH"),
                    "", "", "", "all, every run");
            if (toServer.linesMatch()) {
                t.add("agent to the clusterlog server: agent CPU-s per GB, MB/s, peak RSS", String.format(Locale.ROOT,
                        "%s CPU-s/GB, %s MB/s, %s", num(toServer.cpuSecondsPerGb()), mb(toServer.megabytesPerSecond()),
                        mib(toServer.peakRssBytes())), "", "", "", "");
            }
        }
        StoreUnderTest.IngestResult in = st.ingest();
        StoreUnderTest.IngestResult http = httpFigures == null ? null : httpFigures.ingest();
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
            StoreUnderTest.IngestResult wc = osf.wildcard();
            double wcRate = wc.lines() / wc.cpuSeconds();
            t.add("", "", "OpenSearch, line.wc wildcard sub-field added (for substrings)", String.format(Locale.ROOT,
                    "%.1fk lines per CPU-s (%.1f CPU-s, %.1f s wall)", wcRate / 1e3, wc.cpuSeconds(), wc.wallSeconds()),
                    ratio((in.lines() / in.cpuSeconds()) / wcRate), "");
            StoreUnderTest.IngestResult bc = osf.bestCompression();
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
        StoreUnderTest.QueryResult qr = st.queries().get(QueryKind.RARE_TOKEN);
        t.add("query: rare token (one request id)", String.format(Locale.ROOT, "%.1f ms (%d match)", qr.millis(),
                qr.matches()), "grep -F raw text",
                rare != null ? String.format(Locale.ROOT, "%.0f ms (%d match)", rare.millis(), rare.matches()) : "skipped",
                rare != null ? ratio(qr.millis() / rare.millis()) + " of grep" : "",
                "faster than OpenSearch and Lucene; <= 1/5 of OpenSearch");
        luceneRow(t, lu, qr, QueryKind.RARE_TOKEN, "phrase query");
        openSearchRow(t, os, qr, QueryKind.RARE_TOKEN, "match_phrase");
        httpQueryRow(t, httpFigures, os, QueryKind.RARE_TOKEN);
        StoreUnderTest.QueryResult qs = st.queries().get(QueryKind.SUBSTRING);
        t.add("query: substring, not a token", String.format(Locale.ROOT, "%.0f ms (%d matches, %.0f MB/s of raw text)",
                qs.millis(), qs.matches(), manifest.rawBytes() / 1e3 / qs.millis()), "grep -F raw text",
                substring != null ? String.format(Locale.ROOT, "%.0f ms (%d matches, %.0f MB/s)", substring.millis(),
                        substring.matches(), manifest.rawBytes() / 1e3 / substring.millis()) : "skipped",
                substring != null ? ratio(qs.millis() / substring.millis()) + " of grep" : "",
                "faster than OpenSearch and Lucene; >= 1 GB/s per core");
        luceneRow(t, lu, qs, QueryKind.SUBSTRING, "scan of the stored lines");
        openSearchRow(t, os, qs, QueryKind.SUBSTRING, "wildcard query on a wildcard-type sub-field");
        httpQueryRow(t, httpFigures, os, QueryKind.SUBSTRING);
        StoreUnderTest.QueryResult qt = st.queries().get(QueryKind.TAIL_100);
        t.add("query: last 100 lines of one container", String.format(Locale.ROOT, "%.1f ms (%d lines)", qt.millis(),
                qt.matches()), "plain Lucene", luceneCell(lu, QueryKind.TAIL_100, "label terms, sort by time"),
                ratio(qt.millis() / lu.queries().get(QueryKind.TAIL_100).millis()) + " of Lucene",
                "<= 1/5 of OpenSearch");
        openSearchRow(t, os, qt, QueryKind.TAIL_100, "term filters, sort by time");
        httpQueryRow(t, httpFigures, os, QueryKind.TAIL_100);
        StoreUnderTest.QueryResult qc = st.queries().get(QueryKind.COUNT_BY_POD);
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
        return t;
    }

    /** The same query through the server's Loki API (its own JVM), beside OpenSearch's (also over HTTP). */
    private static void httpQueryRow(ReportTable t, StoreFigures http, StoreFigures os, QueryKind kind) {
        if (http == null) {
            return;
        }
        StoreUnderTest.QueryResult q = http.queries().get(kind);
        String unit = (kind == QueryKind.COUNT_BY_POD ? "pod" : "line") + (q.matches() == 1 ? "" : "s");
        t.add("", String.format(Locale.ROOT, "over HTTP, the Loki API of the server JVM: %.1f ms (%d %s)", q.millis(),
                q.matches(), unit), os != null ? "OpenSearch (also over HTTP)" : "", os != null
                ? String.format(Locale.ROOT, "%.1f ms", os.queries().get(kind).millis()) : "",
                os != null ? ratio(q.millis() / os.queries().get(kind).millis()) + " of OpenSearch" : "", "");
    }

    /** The store behind its server over HTTP, beside the in-process figure and a peer's rate. */
    private static void httpIngestRow(ReportTable t, StoreUnderTest.IngestResult inProcess, StoreUnderTest.IngestResult http,
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

    private static void luceneRow(ReportTable t, StoreFigures lu, StoreUnderTest.QueryResult ours, QueryKind kind,
            String how) {
        t.add("", "", "plain Lucene", luceneCell(lu, kind, how),
                ratio(ours.millis() / lu.queries().get(kind).millis()) + " of Lucene", "");
    }

    private static void openSearchRow(ReportTable t, StoreFigures os, StoreUnderTest.QueryResult ours, QueryKind kind,
            String how) {
        if (os != null) {
            t.add("", "", "OpenSearch", luceneCell(os, kind, how),
                    ratio(ours.millis() / os.queries().get(kind).millis()) + " of OpenSearch", "");
        }
    }

    private static String luceneCell(StoreFigures lu, QueryKind kind, String how) {
        StoreUnderTest.QueryResult r = lu.queries().get(kind);
        return String.format(Locale.ROOT, "%.1f ms (%d %s; %s)", r.millis(), r.matches(),
                kind == QueryKind.COUNT_BY_POD ? "pods" : r.matches() == 1 ? "line" : "lines", how);
    }

    /** The clusterlog store's ingest and its answers to each query class. */
    private record StoreFigures(StoreUnderTest.IngestResult ingest, long walBytes,
            java.util.Map<QueryKind, StoreUnderTest.QueryResult> queries, java.util.Map<QueryKind, String> texts) {
    }

    /** OpenSearch's figures, or why it did not run (skipped: not installed) or failed. */
    private record OpenSearchFigures(StoreFigures figures, StoreUnderTest.IngestResult wildcard,
            StoreUnderTest.IngestResult bestCompression, String startup,
            String skipped, String failure) {
    }

    /** A run that lost (or duplicated) lines has no figures: only the count. */
    private static String lost(AgentResult r) {
        return "delivered " + r.deliveredLines() + " of " + r.expectedLines() + " lines";
    }

    private static String peerName(AgentResult r) {
        return r.name().equals("cat") ? "cat (read limit)" : r.name();
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2fx", v);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
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
