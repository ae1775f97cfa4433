package dev.clusterlog.bench.jmh;

import dev.clusterlog.core.cri.ContainerdLineSplitter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ContainerdLineSplitter} cutting ~4 MiB of a container's output (resampled real lines,
 * 0.5% over 16 KiB) into records, fed in 64 KiB pipe-sized chunks; one operation splits it all.
 *
 * <p>Run alone: {@code bench/run jmh ContainerdSplitterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ContainerdSplitterBenchmark {
    private static final int PIPE_CHUNK = 64 * 1024;
    private byte[] raw;
    private long records;
    private ContainerdLineSplitter splitter;

    @Setup
    public void setUp() {
        raw = JmhInputs.rawLines();
        splitter = new ContainerdLineSplitter(ContainerdLineSplitter.CONTAINERD_MAX_LINE_SIZE,
                (partial, content, off, len) -> records += len + (partial ? 1 : 0));
    }

    @Benchmark
    public long split() throws IOException {
        records = 0;
        for (int off = 0; off < raw.length; off += PIPE_CHUNK) {
            splitter.feed(raw, off, Math.min(PIPE_CHUNK, raw.length - off));
        }
        splitter.finish();
        return records;
    }
}
