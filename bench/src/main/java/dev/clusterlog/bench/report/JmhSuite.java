package dev.clusterlog.bench.report;

import dev.clusterlog.bench.jmh.JmhInputs;
import dev.clusterlog.bench.jmh.Rfc3339Benchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of {@code dev.clusterlog.bench.jmh} through JMH's API (forked JVMs,
 * the harness's classpath) and turns each score into a throughput figure: MB/s of input for the
 * byte benchmarks, millions of timestamps per second for {@link Rfc3339Benchmark}.
 */
final class JmhSuite {
    /** One benchmark's figure. */
    record Figure(String benchmark, double value, double error, String unit) {
    }

    private JmhSuite() {
    }

    static List<Figure> run(boolean quick, Path datasets, Path output) throws RunnerException {
        ChainedOptionsBuilder o = new OptionsBuilder().include("dev\\.clusterlog\\.bench\\.jmh\\..*")
                .forks(1).shouldFailOnError(true).output(output.toString())
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Dclusterlog.datasets=" + datasets);
        if (quick) {
            o.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(2)
                    .measurementTime(TimeValue.seconds(1));
        }
        System.setProperty("clusterlog.datasets", datasets.toString());
        Collection<RunResult> results = new Runner(o.build()).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark().replace("dev.clusterlog.bench.jmh.", "");
            // a parameterized benchmark gives one row per parameter set: name them
            List<String> params = new ArrayList<>();
            for (String key : r.getParams().getParamsKeys()) {
                params.add(key + "=" + r.getParams().getParam(key));
            }
            if (!params.isEmpty()) {
                label += " (" + String.join(", ", params) + ")";
            }
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            double perOp;
            String unit;
            if (label.startsWith("Rfc3339Benchmark")) {
                perOp = Rfc3339Benchmark.COUNT / 1e6;
                unit = "M timestamps/s";
            } else {
                perOp = bytesPerOperation(label) / 1e6;
                unit = "MB/s";
            }
            figures.add(new Figure(label, score * perOp, Double.isNaN(error) ? 0 : error * perOp, unit));
        }
        return figures;
    }

    private static long bytesPerOperation(String label) {
        if (label.startsWith("DockerJsonParseBenchmark")) {
            return JmhInputs.dockerRecords().length;
        }
        // these run over the logical lines; the parsers, the reader and the agent's decoder over CRI records
        if (label.startsWith("ContainerdSplitterBenchmark") || label.startsWith("LogqlLineFilterBenchmark")
                || label.startsWith("TokenizerBenchmark") || label.startsWith("BlockCodecBenchmark")
                || label.startsWith("WalAppendBenchmark")) {
            return JmhInputs.rawLines().length;
        }
        return JmhInputs.criRecords().length;
    }
}
