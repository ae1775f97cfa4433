package dev.clusterlog.store;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A timing harness (not a test, not JMH): ingests the lines of a real log file in-process and prints
 * ingest lines/s, bytes on disk against raw and {@code zstd -3}, and query times. Run from the
 * repository root after {@code ./mvnw -pl store -am test-compile}:
 * <pre>
 * ./mvnw -q -pl store dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * $JAVA --enable-native-access=ALL-UNNAMED -Xmx2g -cp store/target/classes:store/target/test-classes:core/target/classes:$(cat /tmp/cp.txt) \
 *   dev.clusterlog.store.StoreTimingHarness ../shared/datasets/openstack-os-loganalyze/os_loganalyze/tests/samples/syslog.txt 10
 * </pre>
 * Args: FILE [COPIES]. Each copy of the file is ingested again with later timestamps (so the corpus
 * grows without new words); 20 streams take 100-line runs in turn, like containers; one line with a
 * unique request id is inserted in the middle for the rare-word query.
 */
public final class StoreTimingHarness {
    static final String RARE = "req_id=9f8e7d6c5b4a3f2e";

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<byte[]> base = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            base.add(l.getBytes(StandardCharsets.UTF_8));
        }
        int total = base.size() * copies + 1;
        List<byte[]> lines = new ArrayList<>(total);
        for (int c = 0; c < copies; c++) {
            lines.addAll(base);
            if (c == copies / 2) {
                lines.add(("Jun  9 15:41:36 host api: GET /v2/servers " + RARE + " took 12ms").getBytes(StandardCharsets.UTF_8));
            }
        }
        Path work = Files.createTempDirectory("store-timing");
        Path rawFile = work.resolve("raw.log");
        long rawBytes = 0;
        try (OutputStream out = Files.newOutputStream(rawFile)) {
            for (byte[] l : lines) {
                out.write(l);
                out.write('\n');
                rawBytes += l.length + 1;
            }
        }
        long zstdBytes = zstdSize(rawFile);
        List<LabelSet> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            streams.add(LabelSet.of("namespace", "bench", "pod", "pod-" + i, "container", "app"));
        }
        long t0 = 1_700_000_000_000_000_000L;
        Path data = work.resolve("data");
        StoreConfig cfg = StoreConfig.defaults().withMaintenance(false).withMinFreeDisk(0)
                .withHeadMaxBytes(1L << 40).withRetention(java.time.Duration.ofDays(365 * 100));
        try (LogStore store = LogStore.open(data, cfg)) {
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            int batch = 2000;
            for (int from = 0; from < lines.size(); from += batch) {
                List<List<LogEntry>> per = new ArrayList<>();
                for (int s = 0; s < streams.size(); s++) {
                    per.add(new ArrayList<>());
                }
                for (int i = from; i < Math.min(lines.size(), from + batch); i++) {
                    per.get((i / 100) % streams.size()).add(new LogEntry(t0 + i * 1_000_000L, lines.get(i)));
                }
                List<StreamEntries> req = new ArrayList<>();
                for (int s = 0; s < streams.size(); s++) {
                    if (!per.get(s).isEmpty()) {
                        req.add(new StreamEntries(streams.get(s), per.get(s)));
                    }
                }
                store.append("bench", req, null);
            }
            long appended = System.nanoTime();
            long cpu1 = mx.getCurrentThreadCpuTime();
            store.flush();
            long sealed = System.nanoTime();
            long cpu2 = mx.getCurrentThreadCpuTime();
            double appendS = (appended - start) / 1e9;
            double sealS = (sealed - appended) / 1e9;
            System.out.printf("corpus: %s x%d = %d lines, %d raw bytes; zstd -3: %d bytes%n", file.getFileName(), copies,
                    lines.size(), rawBytes, zstdBytes);
            System.out.printf("ingest (append: WAL + fsync per 2000-line batch + head): %.2f s = %.0f lines/s%n", appendS,
                    lines.size() / appendS);
            System.out.printf("seal (columnar + zstd + tokenize + Lucene commit): %.2f s = %.0f lines/s%n", sealS,
                    lines.size() / sealS);
            System.out.printf("ingest end to end (append + seal): %.0f lines/s on one thread%n", lines.size() / (appendS + sealS));
            System.out.printf("CPU of the ingesting thread: append %.2f s (%.0f lines per CPU-s), seal %.2f s (%.0f lines per CPU-s),"
                            + " together %.0f lines per CPU-s%n", (cpu1 - cpu0) / 1e9, lines.size() / ((cpu1 - cpu0) / 1e9),
                    (cpu2 - cpu1) / 1e9, lines.size() / ((cpu2 - cpu1) / 1e9), lines.size() / ((cpu2 - cpu0) / 1e9));
            LogStore.DiskUsage du = store.diskUsage();
            System.out.printf("on disk: segments %d + index %d = %d bytes = %.4f of raw = %.2fx zstd -3 (segments alone %.2fx)%n",
                    du.segmentBytes(), du.indexBytes(), du.segmentBytes() + du.indexBytes(),
                    (du.segmentBytes() + du.indexBytes()) / (double) rawBytes,
                    (du.segmentBytes() + du.indexBytes()) / (double) zstdBytes, du.segmentBytes() / (double) zstdBytes);
            List<LabelMatcher> all = List.of(LabelMatcher.eq("namespace", "bench"));
            List<LabelMatcher> one = List.of(LabelMatcher.eq("pod", "pod-3"));
            byte[] rare = RARE.getBytes(StandardCharsets.UTF_8);
            time(store, "rare word, block index", 15, () -> SelectRequest.builder(all).contains(RARE).limit(100).build());
            time(store, "rare word, brute-force scan (no index hint)", 3, () -> SelectRequest.builder(all).limit(100)
                    .filter(new dev.clusterlog.core.text.ByteSearch(rare)::containedIn).build());
            time(store, "tail 100 of one stream (BACKWARD limit 100)", 15,
                    () -> SelectRequest.builder(one).direction(Direction.BACKWARD).limit(100).build());
            time(store, "common word 'object-server', block index, limit 1000", 5,
                    () -> SelectRequest.builder(all).contains("object-server").limit(1000).build());
            byte[] sub = "lication compl".getBytes(StandardCharsets.UTF_8);
            time(store, "substring 'lication compl', index-prefiltered", 5,
                    () -> SelectRequest.builder(all).contains("lication compl").build());
            for (int round = 0; round < 3; round++) {
                
                long scanStart = System.nanoTime();
                long cpuStart = mx.getCurrentThreadCpuTime();
                long scanned;
                int n = 0;
                try (EntryCursor c = store.select("bench", SelectRequest.builder(all)
                        .filter(new dev.clusterlog.core.text.ByteSearch(sub)::containedIn).build())) {
                    while (c.next()) {
                        n++;
                    }
                    scanned = c.bytesScanned();
                }
                double scanS = (System.nanoTime() - scanStart) / 1e9;
                double cpuS = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                System.out.printf("substring full scan (no hint), run %d: %d matches, %.1f ms wall, %.2f GB/s wall, %.2f GB/s per CPU-s%n",
                        round + 1, n, scanS * 1e3, scanned / scanS / 1e9, scanned / cpuS / 1e9);
            }
            long grepStart = System.nanoTime();
            Process g = new ProcessBuilder("grep", "-F", "-c", RARE, rawFile.toString()).redirectErrorStream(true).start();
            g.getInputStream().readAllBytes();
            g.waitFor();
            System.out.printf("grep -F rare word over the raw file: %.1f ms%n", (System.nanoTime() - grepStart) / 1e6);
        } finally {
            try (var w = Files.walk(work)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    interface RequestFactory {
        SelectRequest get();
    }

    static void time(LogStore store, String what, int runs, RequestFactory f) throws IOException {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        int n = 0;
        for (int r = 0; r < runs + 2; r++) {
            long s = System.nanoTime();
            long c = mx.getCurrentThreadCpuTime();
            n = store.select("bench", f.get()).toList().size();
            if (r >= 2) {
                ms[r - 2] = (System.nanoTime() - s) / 1e6;
                cpu[r - 2] = (mx.getCurrentThreadCpuTime() - c) / 1e6;
            }
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        System.out.printf("%s: %d entries, median %.2f ms wall, %.2f ms CPU (min wall %.2f, %d runs warm)%n", what, n,
                ms[runs / 2], cpu[runs / 2], ms[0], runs);
    }

    static long zstdSize(Path f) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("zstd", "-3", "-c", f.toString()).start();
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (var in = p.getInputStream()) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
            }
        }
        p.waitFor();
        return n;
    }
}
