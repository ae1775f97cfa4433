package dev.clusterlog.bench.jmh;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.LogQL;
import dev.clusterlog.logql.log.LogEntry;
import dev.clusterlog.logql.log.Pipeline;
import dev.clusterlog.logql.syntax.LogSelectorExpr;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LogQL line filters on bytes: a compiled pipeline of one query over ~4 MiB of resampled real log
 * lines; one operation runs every line through it and counts the kept ones. {@code |=} is the
 * substring search ({@code core.ByteSearch}), {@code |~} a regex with a literal prefilter.
 *
 * <p>Run alone: {@code bench/run jmh LogqlLineFilterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LogqlLineFilterBenchmark {
    @Param({"{app=\"x\"} |= \"error\"", "{app=\"x\"} |~ \"(?i)exception|timeout\"", "{app=\"x\"} != \"INFO\" |= \"block\""})
    public String query;

    private byte[] buf;
    private int[] starts;
    private int[] lengths;
    private Pipeline pipeline;
    private final LogEntry entry = new LogEntry();
    private final LabelSet stream = LabelSet.of("app", "x");

    @Setup
    public void setUp() {
        buf = JmhInputs.rawLines();
        int[][] bounds = JmhInputs.lineBounds(buf);
        starts = bounds[0];
        lengths = bounds[1];
        pipeline = Pipeline.compile(((LogSelectorExpr) LogQL.parse(query)).stages());
    }

    @Benchmark
    public int filter() {
        int kept = 0;
        for (int i = 0; i < starts.length; i++) {
            entry.reset(stream, LabelSet.EMPTY, i, buf, starts[i], lengths[i]);
            if (pipeline.process(entry)) {
                kept++;
            }
        }
        return kept;
    }
}
