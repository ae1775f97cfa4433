package dev.clusterlog.bench.jmh;

import dev.clusterlog.agent.assemble.LineSink;
import dev.clusterlog.agent.assemble.PartialLineAssembler;
import dev.clusterlog.agent.assemble.SourceDecoder;
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
 * The agent's decode path for container files: CRI parsing and partial-line assembly
 * ({@link SourceDecoder} in container mode with a {@link PartialLineAssembler} of the default 1 MiB
 * limit) over the same ~4 MiB of CRI records as {@link CriParseBenchmark}, 16 KiB {@code P} pieces
 * included; one operation decodes the whole buffer into logical lines. The difference to
 * {@link CriParseBenchmark} is the cost of assembly.
 *
 * <p>Run alone: {@code bench/run jmh AgentDecodeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AgentDecodeBenchmark {
    private byte[] buf;
    private SourceDecoder decoder;
    private final long[] sum = new long[1];
    private final LineSink sink = (nanos, stream, b, o, l, flags) -> sum[0] += l;

    @Setup
    public void setUp() {
        buf = JmhInputs.criRecords();
        decoder = new SourceDecoder(SourceDecoder.Mode.CONTAINER, PartialLineAssembler.DEFAULT_LIMIT, System::nanoTime);
    }

    @Benchmark
    public long decode() {
        sum[0] = 0;
        decoder.decode(buf, 0, buf.length, sink);
        return sum[0];
    }
}
