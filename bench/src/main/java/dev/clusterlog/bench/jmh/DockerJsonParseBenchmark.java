package dev.clusterlog.bench.jmh;

import dev.clusterlog.core.docker.DockerJsonLineParser;
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
 * {@link DockerJsonLineParser} over ~4 MiB (before escaping) of Docker json-file records of
 * resampled real log lines; one operation parses every record once.
 *
 * <p>Run alone: {@code bench/run jmh DockerJsonParseBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DockerJsonParseBenchmark {
    private final DockerJsonLineParser parser = new DockerJsonLineParser();
    private final LogRecord record = new LogRecord();
    private byte[] buf;
    private int[] starts;
    private int[] lengths;

    @Setup
    public void setUp() {
        buf = JmhInputs.dockerRecords();
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
