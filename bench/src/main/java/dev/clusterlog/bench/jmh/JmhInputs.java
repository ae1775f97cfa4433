package dev.clusterlog.bench.jmh;

import dev.clusterlog.bench.corpus.CorpusGenerator;
import dev.clusterlog.bench.corpus.SeedLibrary;
import dev.clusterlog.core.cri.ContainerdLineSplitter;
import dev.clusterlog.core.cri.CriLineWriter;
import dev.clusterlog.core.docker.DockerJsonLineWriter;
import dev.clusterlog.core.entry.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The micro-benchmarks' inputs, built the same way in the harness (to turn operations per second
 * into MB/s) and in each forked benchmark JVM: about 4 MiB of logical lines resampled from the
 * shared datasets (system property {@code clusterlog.datasets}, else {@code ../shared/datasets},
 * else the built-in templates) with seed 42, and the same lines as CRI and Docker json-file
 * records (16 KiB pieces included). Built once per JVM; the arrays are never modified.
 */
public final class JmhInputs {
    public static final int TARGET_BYTES = 4 * 1024 * 1024;
    private static final long SEED = 42;

    private static byte[] raw;
    private static byte[] cri;
    private static byte[] docker;

    private JmhInputs() {
    }

    /** Logical lines, each ended by {@code \n}. */
    public static synchronized byte[] rawLines() {
        if (raw == null) {
            try {
                String dir = System.getProperty("clusterlog.datasets", Path.of("..", "shared", "datasets").toString());
                raw = CorpusGenerator.sampleLines(SeedLibrary.load(null, Path.of(dir)), SEED, TARGET_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return raw;
    }

    /** The lines as CRI records, as containerd writes them. */
    public static synchronized byte[] criRecords() {
        if (cri == null) {
            cri = encode(false);
        }
        return cri;
    }

    /** The lines as Docker json-file records. */
    public static synchronized byte[] dockerRecords() {
        if (docker == null) {
            docker = encode(true);
        }
        return docker;
    }

    private static byte[] encode(boolean json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TARGET_BYTES * 2);
        CriLineWriter criWriter = new CriLineWriter(out);
        DockerJsonLineWriter jsonWriter = new DockerJsonLineWriter(out);
        long[] clock = {1_767_225_600_000_000_000L};
        byte[] scratch = new byte[64 * 1024];
        ContainerdLineSplitter splitter = new ContainerdLineSplitter(ContainerdLineSplitter.CONTAINERD_MAX_LINE_SIZE,
                (partial, content, off, len) -> {
                    clock[0] += 1_234_567;
                    if (json) {
                        System.arraycopy(content, off, scratch, 0, len);
                        if (!partial) {
                            scratch[len] = '\n';
                        }
                        jsonWriter.write(clock[0], LogStream.STDOUT, scratch, 0, len + (partial ? 0 : 1));
                    } else {
                        criWriter.write(clock[0], 0, LogStream.STDOUT, partial, content, off, len);
                    }
                });
        try {
            byte[] lines = rawLines();
            splitter.feed(lines, 0, lines.length);
            splitter.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Start offsets and lengths (with their {@code \n}, as readers hand lines to parsers) of the lines of {@code buf}. */
    static int[][] lineBounds(byte[] buf) {
        int n = 0;
        for (byte b : buf) {
            if (b == '\n') {
                n++;
            }
        }
        int[] starts = new int[n];
        int[] lengths = new int[n];
        int line = 0;
        int start = 0;
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                starts[line] = start;
                lengths[line++] = i + 1 - start;
                start = i + 1;
            }
        }
        return new int[][] {starts, lengths};
    }
}
