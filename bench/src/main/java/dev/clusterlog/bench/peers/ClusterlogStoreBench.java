package dev.clusterlog.bench.peers;

import com.sun.management.OperatingSystemMXBean;
import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.bench.corpus.CorpusVerifier;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.io.FileTrees;
import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.logql.LogQL;
import dev.clusterlog.logql.eval.QueryEngine;
import dev.clusterlog.logql.eval.QueryParams;
import dev.clusterlog.logql.eval.Result;
import dev.clusterlog.server.query.StoreEntrySource;
import dev.clusterlog.store.Direction;
import dev.clusterlog.store.EntryCursor;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.QueryLimits;
import dev.clusterlog.store.SelectRequest;
import dev.clusterlog.store.StoreConfig;
import dev.clusterlog.store.StreamEntries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The clusterlog store ({@code store} module) in this JVM: ingests the corpus's logical lines
 * (every file, {@code .gz} included, read with core's {@link ContainerLogFileReader}, {@code P}
 * pieces joined) as entries of streams labelled {@code namespace}, {@code pod}, {@code container},
 * in batches of {@value #BATCH} per container, then {@code flush()}. Ingest CPU is this process's
 * CPU time (every thread: appends, flush, background sealing) minus the reading thread's CPU spent
 * reading and parsing the files. Queries (the median of {@value #RUNS} warm runs) go through
 * {@link LogStore#select} and, for the metric query, through the LogQL {@link QueryEngine} over the
 * server's {@link StoreEntrySource}.
 */
public final class ClusterlogStoreBench implements StoreUnderTest {
    static final String TENANT = "bench";
    private static final int BATCH = 8192;
    private static final int RUNS = 3;

    private LogStore store;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos = Long.MIN_VALUE;
    private LogStore.DiskUsage usage;
    private String lastQueryText = "";

    @Override
    public String name() {
        return "clusterlog store";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    /** Segments and index; the write-ahead log after the flush, if any, is {@link #walBytes()}. */
    public long walBytes() {
        return usage == null ? 0 : usage.walBytes();
    }

    @Override
    public IngestResult ingest(Path corpus, CorpusManifest manifest, Path workDirectory) throws IOException {
        FileTrees.deleteRecursively(workDirectory); // a work directory this benchmark owns
        Files.createDirectories(workDirectory);
        store = LogStore.open(workDirectory.resolve("data"), StoreConfig.defaults().withRetention(Duration.ofDays(36500)));
        var threads = ManagementFactory.getThreadMXBean();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long readCpu = 0;
        long lines = 0;
        LogRecord record = new LogRecord();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (CorpusManifest.Container c : manifest.containers()) {
            long r0 = threads.getCurrentThreadCpuTime();
            LabelSet labels = LabelSet.of("container", c.container(), "namespace", c.namespace(), "pod", c.pod());
            List<Path> files = c.files().stream().map(f -> corpus.resolve(f.path()))
                    .sorted(Comparator.comparing(CorpusVerifier::age)).toList();
            List<LogEntry> batch = new ArrayList<>(BATCH);
            long firstNanos = -1;
            for (Path file : files) {
                try (ContainerLogFileReader r = ContainerLogFileReader.open(file, (m, e) -> { })) {
                    while (r.next(record)) {
                        if (firstNanos < 0) {
                            firstNanos = record.epochNanos;
                        }
                        joined.write(record.buf, record.contentOffset, record.contentLength);
                        if (record.partial) {
                            continue;
                        }
                        batch.add(new LogEntry(firstNanos, joined.toByteArray()));
                        minNanos = Math.min(minNanos, firstNanos);
                        maxNanos = Math.max(maxNanos, firstNanos);
                        joined.reset();
                        firstNanos = -1;
                        if (batch.size() == BATCH) {
                            readCpu += threads.getCurrentThreadCpuTime() - r0;
                            store.append(TENANT, List.of(new StreamEntries(labels, batch)), null);
                            lines += batch.size();
                            batch = new ArrayList<>(BATCH);
                            r0 = threads.getCurrentThreadCpuTime();
                        }
                    }
                }
            }
            readCpu += threads.getCurrentThreadCpuTime() - r0;
            if (!batch.isEmpty()) {
                store.append(TENANT, List.of(new StreamEntries(labels, batch)), null);
                lines += batch.size();
            }
        }
        store.flush();
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0 - readCpu) / 1e9;
        usage = store.diskUsage();
        return new IngestResult(wall, cpu, -1, lines, usage.segmentBytes() + usage.indexBytes());
    }

    /** The query last run, as text (for the table). */
    public String lastQueryText() {
        return lastQueryText;
    }

    @Override
    public QueryResult query(QueryKind kind, CorpusManifest manifest) throws IOException {
        return QueryResult.median(RUNS, () -> run(kind, manifest));
    }

    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of("namespace", LabelMatcher.Type.RE, ".+"));

    private long run(QueryKind kind, CorpusManifest manifest) throws IOException {
        CorpusManifest.Container rare = manifest.containers().stream()
                .filter(c -> c.relativeDirectory().equals(manifest.rareTokenContainer())).findFirst().orElseThrow();
        return switch (kind) {
            case RARE_TOKEN -> {
                lastQueryText = "select {namespace=~\".+\"} contains \"" + manifest.rareToken() + "\"";
                yield count(SelectRequest.builder(ALL).range(minNanos, maxNanos + 1).direction(Direction.BACKWARD)
                        .limit(1000).contains(manifest.rareToken()).build());
            }
            case SUBSTRING -> {
                lastQueryText = "select {namespace=~\".+\"} contains \"" + ZstdGrepBaseline.SUBSTRING + "\"";
                yield count(SelectRequest.builder(ALL).range(minNanos, maxNanos + 1).direction(Direction.BACKWARD)
                        .limit(Long.MAX_VALUE).contains(ZstdGrepBaseline.SUBSTRING).build());
            }
            case TAIL_100 -> {
                lastQueryText = "select {namespace, pod, container of the rare token's container} BACKWARD limit 100";
                yield count(SelectRequest.builder(List.of(LabelMatcher.eq("namespace", rare.namespace()),
                        LabelMatcher.eq("pod", rare.pod()), LabelMatcher.eq("container", rare.container())))
                        .range(minNanos, maxNanos + 1).direction(Direction.BACKWARD).limit(100).build());
            }
            case COUNT_BY_POD -> {
                long rangeSeconds = (maxNanos - minNanos) / 1_000_000_000L + 2;
                String q = "sum by (pod) (count_over_time({namespace=\"" + rare.namespace() + "\"} |= \"error\" ["
                        + rangeSeconds + "s]))";
                lastQueryText = q;
                var result = new QueryEngine().execute(LogQL.parse(q),
                        QueryParams.instant(maxNanos + 1, dev.clusterlog.logql.eval.Direction.BACKWARD, 1000),
                        new StoreEntrySource(store, TENANT, QueryLimits.UNLIMITED));
                yield result.result() instanceof Result.Vector v ? v.samples().size() : -1;
            }
        };
    }

    private long count(SelectRequest request) throws IOException {
        long n = 0;
        try (EntryCursor cur = store.select(TENANT, request)) {
            while (cur.next()) {
                n++;
            }
        }
        return n;
    }

    public void close() throws IOException {
        if (store != null) {
            store.close();
        }
    }
}
