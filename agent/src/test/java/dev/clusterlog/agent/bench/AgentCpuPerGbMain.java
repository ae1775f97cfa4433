package dev.clusterlog.agent.bench;

import dev.clusterlog.agent.assemble.SourceDecoder;
import dev.clusterlog.agent.enrich.PathLabels;
import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.output.HttpPushOutput;
import dev.clusterlog.agent.output.LokiPushEncoder;
import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.agent.pipeline.Pipeline;
import dev.clusterlog.agent.pipeline.TailHandler;
import dev.clusterlog.agent.tail.FileTailer;
import dev.clusterlog.agent.tail.GlobDiscovery;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * CPU-seconds per GB of CRI logs tailed, parsed, assembled, labelled and batched, to a null
 * output (and, second figure, also Loki-JSON encoded and gzipped as the push output does).
 * Generates its corpus: 200 containers, ~340-byte lines, 0.5% of lines over 16 KiB split into
 * P pieces as containerd does. Not a timed test; run it by hand:
 *
 * <pre>
 * ./mvnw -q -pl agent -am test-compile -o &amp;&amp; java -Xmx256m -cp "agent/target/test-classes:agent/target/classes:$(cat agent/cp.txt)" \
 *     dev.clusterlog.agent.bench.AgentCpuPerGbMain 512 encode
 * </pre>
 */
public final class AgentCpuPerGbMain {
    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 256;
        boolean encode = args.length > 1 && args[1].equals("encode");
        Path dir = Files.createTempDirectory("clusterlog-bench");
        try {
            long bytes = generate(dir, megabytes << 20);
            AtomicLong lines = new AtomicLong();
            AtomicLong out = new AtomicLong();
            Consumer<Batch>[] sink = new Consumer[1];
            FileTailer[] tailer = new FileTailer[1];
            sink[0] = b -> {
                lines.addAndGet(b.size());
                if (encode) {
                    out.addAndGet(gzipLength(LokiPushEncoder.encode(b)));
                }
                tailer[0].acknowledge(b.sourceId, b.endOffset, b.stateAfter);
            };
            AgentMetrics metrics = new AgentMetrics();
            TailHandler handler = new TailHandler("bench", SourceDecoder.Mode.CONTAINER, new PathLabels("node", java.util.Map.of()),
                    Pipeline.passThrough(metrics), new TailHandler.Limits(1 << 20, 0, 1 << 20), b -> sink[0].accept(b), () -> true,
                    System::nanoTime, System::nanoTime, metrics, null);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            tailer[0] = new FileTailer(new GlobDiscovery(List.of(dir + "/pods/*/*/*.log*")), null, handler,
                    FileTailer.Options.defaults(), System::nanoTime);
            tailer[0].start();
            long read = 0;
            while (read < bytes) {
                read += tailer[0].poll();
                handler.flushAged();
            }
            handler.flushAll();
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            double gb = bytes / 1e9;
            System.out.printf("corpus %.3f GB, %d logical lines, %s: %.2f CPU-s/GB, %.1f s wall, %.0f MB/s, RSS %d MiB%s%n", gb,
                    lines.get(), encode ? "tail+parse+assemble+label+batch+loki-json+gzip" : "tail+parse+assemble+label+batch (null output)",
                    cpu / 1e9 / gb, wall / 1e9, bytes / 1e6 / (wall / 1e9), rssMiB(),
                    encode ? String.format(", gzip output %.1f MB", out.get() / 1e6) : "");
            tailer[0].close();
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long gzipLength(byte[] raw) {
        return HttpPushOutput.gzip(raw).length;
    }

    static long rssMiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    static long generate(Path dir, long target) throws IOException {
        Random r = new Random(42);
        String[] words = "the quick brown fox jumps over lazy dog request id user order payment service latency ms ok error warn info debug cache miss hit db query"
                .split(" ");
        int containers = 200;
        OutputStream[] outs = new OutputStream[containers];
        for (int i = 0; i < containers; i++) {
            Path f = dir.resolve("pods/ns_pod" + i + "_uid" + i + "/c/0.log");
            Files.createDirectories(f.getParent());
            outs[i] = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16);
        }
        long total = 0;
        long t = 1_714_557_600_000_000_000L;
        StringBuilder sb = new StringBuilder();
        while (total < target) {
            int c = r.nextInt(containers);
            sb.setLength(0);
            boolean big = r.nextInt(200) == 0;
            int len = big ? 16384 + r.nextInt(40000) : 120 + r.nextInt(440);
            while (sb.length() < len) {
                sb.append(words[r.nextInt(words.length)]).append(' ');
            }
            String content = sb.substring(0, len);
            t += 1_000 + r.nextInt(100_000);
            String ts = dev.clusterlog.core.time.Rfc3339.formatNano(t, 0);
            String stream = r.nextInt(10) == 0 ? "stderr" : "stdout";
            StringBuilder rec = new StringBuilder();
            for (int off = 0; off < content.length(); off += 16384) {
                boolean last = off + 16384 >= content.length();
                rec.append(ts).append(' ').append(stream).append(last ? " F " : " P ")
                        .append(content, off, Math.min(content.length(), off + 16384)).append('\n');
            }
            byte[] b = rec.toString().getBytes(StandardCharsets.UTF_8);
            outs[c].write(b);
            total += b.length;
        }
        for (OutputStream o : outs) {
            o.close();
        }
        return total;
    }

    private AgentCpuPerGbMain() {
    }
}
