package dev.clusterlog.bench.jmh;

import dev.clusterlog.core.format.LogLineReader;
import java.io.ByteArrayInputStream;
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
 * {@link LogLineReader} framing ~4 MiB of CRI records into lines from an in-memory stream (its
 * default 64 KiB buffer, growing for the 16 KiB pieces); one operation frames it all.
 *
 * <p>Run alone: {@code bench/run jmh LogLineReaderBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LogLineReaderBenchmark {
    private byte[] buf;

    @Setup
    public void setUp() {
        buf = JmhInputs.criRecords();
    }

    @Benchmark
    public long frame() throws IOException {
        LogLineReader reader = new LogLineReader(new ByteArrayInputStream(buf));
        long sum = 0;
        while (reader.next()) {
            sum += reader.lineLength();
        }
        return sum;
    }
}
