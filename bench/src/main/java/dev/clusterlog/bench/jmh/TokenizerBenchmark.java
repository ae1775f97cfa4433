package dev.clusterlog.bench.jmh;

import dev.clusterlog.store.index.Tokenizer;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefHash;
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
 * The store's tokenizing when a block is sealed, over ~4 MiB of resampled real log lines:
 * {@code tokenize} is {@link Tokenizer} alone (every word of every line, counted);
 * {@code blockWords} is what the block index does with them: the distinct words of each 1 MiB of
 * lines (the default block size) collected in a Lucene {@link BytesRefHash}, a new one per block.
 *
 * <p>Run alone: {@code bench/run jmh TokenizerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TokenizerBenchmark {
    static final int BLOCK_BYTES = 1 << 20;

    private byte[] buf;
    private int[] starts;
    private int[] lengths;
    private final long[] count = new long[1];
    private final Tokenizer.Sink counter = (b, o, l) -> count[0] += l;

    @Setup
    public void setUp() {
        buf = JmhInputs.rawLines();
        int[][] bounds = JmhInputs.lineBounds(buf);
        starts = bounds[0];
        lengths = bounds[1];
    }

    @Benchmark
    public long tokenize() {
        count[0] = 0;
        for (int i = 0; i < starts.length; i++) {
            Tokenizer.tokenize(buf, starts[i], lengths[i] - 1, counter);
        }
        return count[0];
    }

    @Benchmark
    public long blockWords() {
        long distinct = 0;
        BytesRef scratch = new BytesRef();
        BytesRefHash words = new BytesRefHash();
        int blockStart = 0;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] - blockStart >= BLOCK_BYTES) {
                distinct += words.size();
                words = new BytesRefHash();
                blockStart = starts[i];
            }
            BytesRefHash w = words;
            Tokenizer.tokenize(buf, starts[i], lengths[i] - 1, (b, o, l) -> {
                scratch.bytes = b;
                scratch.offset = o;
                scratch.length = l;
                w.add(scratch);
            });
        }
        return distinct + words.size();
    }
}
