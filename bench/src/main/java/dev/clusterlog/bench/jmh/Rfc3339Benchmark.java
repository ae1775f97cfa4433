package dev.clusterlog.bench.jmh;

import dev.clusterlog.core.time.Rfc3339;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link Rfc3339} on {@value #COUNT} CRI timestamps (nanosecond fractions, UTC, as containerd
 * writes them): {@code parse} reads them all, {@code format} writes them all; one operation is
 * all {@value #COUNT}.
 *
 * <p>Run alone: {@code bench/run jmh Rfc3339Benchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class Rfc3339Benchmark {
    public static final int COUNT = 1024;
    private final Rfc3339.Parsed parsed = new Rfc3339.Parsed();
    private final byte[] out = new byte[Rfc3339.MAX_FORMATTED_LENGTH];
    private byte[] text;
    private int[] starts;
    private int[] lengths;
    private long[] instants;

    @Setup
    public void setUp() {
        StringBuilder b = new StringBuilder();
        instants = new long[COUNT];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < COUNT; i++) {
            instants[i] = 1_767_225_600_000_000_000L + r.nextLong(86_400_000_000_000L * 365);
            b.append(Rfc3339.formatNano(instants[i], 0)).append('\n');
        }
        text = b.toString().getBytes(StandardCharsets.US_ASCII);
        int[][] bounds = JmhInputs.lineBounds(text);
        starts = bounds[0];
        lengths = bounds[1];
    }

    @Benchmark
    public long parse() {
        long sum = 0;
        for (int i = 0; i < COUNT; i++) {
            if (Rfc3339.parse(text, starts[i], lengths[i] - 1, parsed) != null) {
                throw new IllegalStateException("not a timestamp at line " + i);
            }
            sum += parsed.epochNanos;
        }
        return sum;
    }

    @Benchmark
    public void format(Blackhole bh) {
        for (int i = 0; i < COUNT; i++) {
            bh.consume(Rfc3339.formatNano(instants[i], 0, out, 0));
        }
    }
}
