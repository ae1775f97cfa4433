package dev.clusterlog.bench.jmh;

import dev.clusterlog.core.cri.CriLineParser;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogRecord;
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
 * {@link CriLineParser} over ~4 MiB of CRI records of resampled real log lines (16 KiB {@code P}
 * pieces included); one operation parses every record once. MB/s = ops/s x the buffer size,
 * which {@code bench/run} prints.
 *
 * <p>Run alone: {@code bench/run jmh CriParseBenchmark} (or, after {@code ./mvnw -pl bench -am
 * package -DskipTests}: {@code java -cp 'bench/target/classes:bench/target/lib/*'
 * org.openjdk.jmh.Main CriParseBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CriParseBenchmark {
    private final CriLineParser parser = new CriLineParser();
    private final LogRecord record = new LogRecord();
    private byte[] buf;
    private int[] starts;
    private int[] lengths;

    @Setup
    public void setUp() {
        buf = JmhInputs.criRecords();
        int[][] bounds = JmhInputs.lineBounds(buf);
        starts = bounds[0];
        lengths = bounds[1];
    }

    @Benchmark
    public long parse() throws LogFormatException {
        long sum = 0;
        for (int i = 0; i < starts.length; i++) {
            parser.parse(buf, starts[i], lengths[i], record);
            sum += record.contentLength + record.epochNanos;
        }
        return sum;
    }
}
