package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.FileTrees;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Generates a benchmark corpus: container log files laid out as kubelet lays out
 * {@code /var/log/pods}, the same text as one raw file, and the {@link CorpusManifest}.
 *
 * <pre>
 * &lt;out&gt;/pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/0.log[.&lt;YYYYMMDD-hhmmss&gt;[.gz]]
 * &lt;out&gt;/raw.txt          every logical line in generation order (for grep and zstd)
 * &lt;out&gt;/manifest.json
 * </pre>
 *
 * <p>Implementation notes. One thread draws every random choice from one
 * {@link SplittableRandom} seeded by the spec, and files are listed in a fixed order, so the same
 * seed and seed files give the same bytes (gzip included: Java writes mtime 0). Per event: pick a
 * container by its Zipf weight (binary search over the cumulative weights), advance the simulated
 * clock by 0-2 ms, let the container's source append an event (or a trace, or a long line) into
 * one reused buffer, and write it through the container's {@link ContainerLog}. Rotated files are
 * gzipped by one background thread, which overlaps compression with generation.
 */
public final class CorpusGenerator {
    /** 2026-01-01T00:00:00Z: the simulated clock's start. */
    static final long START_EPOCH_NANOS = 1_767_225_600_000_000_000L;
    private static final String[] NAMESPACES = {"default", "kube-system", "payments", "search", "ingress",
        "monitoring", "batch", "data"};
    private static final String[] SIDECARS = {"istio-proxy", "log-shipper", "metrics-exporter"};
    private static final String ALPHANUMERIC = "bcdfghjklmnpqrstvwxz2456789";

    private final CorpusSpec spec;
    private final SeedLibrary library;

    public CorpusGenerator(CorpusSpec spec, SeedLibrary library) {
        this.spec = spec;
        this.library = library;
    }

    public CorpusManifest generate() throws IOException {
        Path out = spec.outputDirectory();
        prepare(out);
        Path pods = out.resolve("pods");
        SplittableRandom random = new SplittableRandom(spec.seed());
        ExecutorService gzip = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corpus-gzip");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> compressions = new ArrayList<>();
        try {
            List<ContainerLog> containers = createContainers(random, pods,
                    file -> compressions.add(gzip.submit(() -> compress(file, spec.gzipLevel()))));
            double[] cumulative = zipfCumulative(containers.size(), spec.zipfExponent());
            ByteWriter event = new ByteWriter(64 * 1024);
            long written = 0;
            long rawLines = 0;
            long rawBytes = 0;
            long events = 0;
            long clock = START_EPOCH_NANOS;
            String rareToken = "reqid-" + Long.toHexString(random.nextLong() | 1L << 63);
            String rareTokenContainer = null;
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(out.resolve("raw.txt")), 1 << 20)) {
                while (written < spec.sizeBytes()) {
                    ContainerLog c = containers.get(pick(cumulative, random.nextDouble()));
                    clock += random.nextInt(2_000_000);
                    event.reset();
                    LogStream stream = random.nextDouble() < c.stderrShare ? LogStream.STDERR : LogStream.STDOUT;
                    double kind = random.nextDouble();
                    if (rareTokenContainer == null && written >= spec.sizeBytes() / 2) {
                        event.writeAscii("request " + rareToken + " rejected: quota exceeded for tenant t-42\n");
                        rareTokenContainer = c.relativeDirectory();
                    } else if (kind < spec.traceShare()) {
                        TraceGenerator.appendTrace(random, event);
                        stream = LogStream.STDERR;
                    } else if (kind < spec.traceShare() + spec.longLineShare() * linesPerEvent(rawLines, events)) {
                        appendLongLine(random, c.source, event);
                    } else {
                        c.source.appendEvent(random, event);
                    }
                    written += c.writeLines(clock, stream, event.array(), 0, event.length());
                    events++;
                    raw.write(event.array(), 0, event.length());
                    rawBytes += event.length();
                    for (int i = 0; i < event.length(); i++) {
                        if (event.array()[i] == '\n') {
                            rawLines++;
                        }
                    }
                }
            }
            for (ContainerLog c : containers) {
                c.close();
            }
            for (Future<?> f : compressions) {
                await(f);
            }
            CorpusManifest manifest = new CorpusManifest(CorpusManifest.FORMAT, CorpusManifest.VERSION, spec.seed(),
                    library.origin(), spec.sizeBytes(), "raw.txt", rawLines, rawBytes, rareToken, rareTokenContainer,
                    containers.stream().map(CorpusGenerator::entry).toList());
            manifest.write(out);
            return manifest;
        } finally {
            gzip.shutdownNow();
        }
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing rotated files", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause()
                    : new IOException("compressing a rotated file failed", e.getCause());
        }
    }

    /** Refuses to write into a directory holding anything but a previous corpus, which it removes. */
    private static void prepare(Path out) throws IOException {
        if (Files.isDirectory(out)) {
            try (Stream<Path> list = Files.list(out)) {
                List<String> names = list.map(p -> p.getFileName().toString()).toList();
                boolean previousCorpus = names.contains(CorpusManifest.FILE_NAME);
                if (!names.isEmpty() && !previousCorpus) {
                    throw new IOException("--out " + out + ": not empty and holds no " + CorpusManifest.FILE_NAME
                            + "; expected an empty directory or a previous corpus");
                }
            }
            FileTrees.deleteRecursively(out.resolve("pods"));
            Files.deleteIfExists(out.resolve("raw.txt"));
            Files.deleteIfExists(out.resolve(CorpusManifest.FILE_NAME));
        }
        Files.createDirectories(out.resolve("pods"));
    }

    private List<ContainerLog> createContainers(SplittableRandom random, Path pods,
            Consumer<Path> compressor) throws IOException {
        List<LineSource> sources = library.sources();
        double[] sourceWeights = new double[sources.size()];
        double total = 0;
        for (int i = 0; i < sourceWeights.length; i++) {
            total += Math.sqrt(sources.get(i).distinctEvents());
            sourceWeights[i] = total;
        }
        for (int i = 0; i < sourceWeights.length; i++) {
            sourceWeights[i] /= total;
        }
        List<ContainerLog> containers = new ArrayList<>();
        while (containers.size() < spec.containers()) {
            LineSource main = sources.get(pick(sourceWeights, random.nextDouble()));
            String ns = NAMESPACES[random.nextInt(NAMESPACES.length)];
            String pod = main.name() + "-" + Long.toHexString(random.nextLong() >>> 28) + "-" + suffix(random, 5);
            String uid = new UUID(random.nextLong(), random.nextLong()).toString();
            int count = 1 + (random.nextDouble() < 0.3 ? 1 : 0) + (random.nextDouble() < 0.1 ? 1 : 0);
            count = Math.min(count, spec.containers() - containers.size());
            boolean docker = random.nextDouble() < spec.dockerShare();
            for (int i = 0; i < count; i++) {
                LineSource source = i == 0 ? main : sources.get(pick(sourceWeights, random.nextDouble()));
                String name = i == 0 ? main.name() : SIDECARS[i - 1];
                double u = random.nextDouble();
                double stderrShare = u < 0.7 ? 0.05 : u < 0.9 ? 0.3 : 0.9;
                containers.add(new ContainerLog(ns, pod, uid, name, docker, source, stderrShare, pods,
                        spec.rotateBytes(), compressor));
            }
        }
        return containers;
    }

    private static String suffix(SplittableRandom random, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return b.toString();
    }

    static double[] zipfCumulative(int n, double exponent) {
        double[] c = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, exponent);
            c[k - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static int pick(double[] cumulative, double u) {
        int i = Arrays.binarySearch(cumulative, u);
        return Math.min(i < 0 ? -i - 1 : i, cumulative.length - 1);
    }

    /**
     * Events hold one line or several (traces, multi-line blocks): the long-line draw is per event,
     * so its probability is scaled by the lines per event so far to make the share per line.
     */
    private static double linesPerEvent(long lines, long events) {
        return events < 100 ? 1.5 : lines / (double) events;
    }

    /**
     * Logical lines drawn as the generator draws them (events, traces, long lines at the spec's
     * default shares), in memory: at least {@code bytes} bytes, each line ended by {@code \n}.
     * For micro-benchmark inputs.
     */
    public static byte[] sampleLines(SeedLibrary library, long seed, int bytes) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LineSource> sources = library.sources();
        ByteWriter out = new ByteWriter(64 * 1024);
        while (out.length() < bytes) {
            LineSource source = sources.get(random.nextInt(sources.size()));
            double kind = random.nextDouble();
            if (kind < 0.01) {
                TraceGenerator.appendTrace(random, out);
            } else if (kind < 0.015) {
                appendLongLine(random, source, out);
            } else {
                source.appendEvent(random, out);
            }
        }
        return out.toByteArray();
    }

    /** A line of 16 KiB + 1 to 48 KiB: a real event's text, then a JSON body dumped into the log. */
    private static void appendLongLine(SplittableRandom random, LineSource source, ByteWriter out) {
        int start = out.length();
        source.appendEvent(random, out);
        int firstEnd = start;
        while (out.array()[firstEnd] != '\n') {
            firstEnd++;
        }
        out.truncate(firstEnd);
        int target = start + 16 * 1024 + 1 + random.nextInt(32 * 1024);
        out.writeAscii(" body={\"items\":[");
        // ids from a small catalogue, as a real payload repeats them: compresses like real dumps do
        while (out.length() < target) {
            out.writeAscii("{\"id\":\"");
            AsciiDigits.writeHex(out, 0x5eed_0000_0000_0000L + random.nextInt(4096) * 0x9e37_79b9L, 16);
            out.writeAscii("\",\"qty\":");
            AsciiDigits.writeDecimal(out, 1 + random.nextInt(20));
            out.writeAscii(",\"sku\":\"SKU-");
            AsciiDigits.writeDecimal(out, 1000 + random.nextInt(2000));
            out.writeAscii("\",\"status\":\"");
            out.writeAscii(random.nextInt(8) == 0 ? "backordered" : "in_stock");
            out.writeAscii("\"},");
        }
        out.writeAscii("{}]}\n");
    }

    /** kubelet's compression step: {@code <f>} to {@code <f>.tmp}, renamed to {@code <f>.gz}. */
    private static void compress(Path file, int level) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (InputStream in = Files.newInputStream(file);
                    OutputStream o = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) {
                        {
                            def.setLevel(level);
                        }
                    }) {
                in.transferTo(o);
            }
            Files.move(tmp, file.resolveSibling(file.getFileName() + ".gz"));
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CorpusManifest.Container entry(ContainerLog c) {
        List<CorpusManifest.FileEntry> files = new ArrayList<>();
        for (ContainerLog.FileStats f : c.files) {
            files.add(new CorpusManifest.FileEntry("pods/" + c.relativeDirectory() + "/" + f.name, f.records, f.bytes,
                    f.recordCrcSum, f.compressed));
        }
        return new CorpusManifest.Container(c.namespace, c.pod, c.uid, c.container, c.docker ? "docker" : "cri",
                c.sourceName, c.logicalLines, c.stdoutLines, c.stderrLines, c.longLines,
                String.format("%08x", c.logicalCrc.getValue()), files);
    }

}
