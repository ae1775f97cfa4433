package dev.clusterlog.logql.bench;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.LogQL;
import dev.clusterlog.logql.eval.Direction;
import dev.clusterlog.logql.eval.EntrySource;
import dev.clusterlog.logql.eval.QueryEngine;
import dev.clusterlog.logql.eval.QueryParams;
import dev.clusterlog.logql.eval.QueryResult;
import dev.clusterlog.logql.eval.Result;
import dev.clusterlog.logql.eval.SelectRequest;
import dev.clusterlog.logql.eval.StreamCursor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throughput check (not a test, not JMH: the bench module will have the real one) of
 * {@code sum by (pod) (count_over_time({namespace="x"} |= "error" [5m]))} over a day of the loghub
 * lines repeated to N entries, held block-like (one contiguous byte[] per stream) as a store would
 * hand them over. Prints lines/s per run and the brute-force count to compare with. Run:
 * <pre>
 * ./mvnw -q -pl logql -am test-compile -o
 * JAVA=$(ls -d /usr/lib/jvm/*25&#42;/bin/java | head -1)
 * $JAVA -Xmx8g -cp logql/target/classes:logql/target/test-classes:core/target/classes:$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-core/2.23.0/jackson-core-2.23.0.jar \
 *   dev.clusterlog.logql.bench.CountOverTimeThroughput ../shared/datasets/loghub 5000000
 * </pre>
 */
public final class CountOverTimeThroughput {
    private CountOverTimeThroughput() {
    }

    /** One contiguous byte[] of lines per stream, offsets and timestamps in arrays. */
    private record BlockSource(LabelSet[] labels, byte[][] data, int[][] offsets, long[][] timestamps, int[] counts)
            implements EntrySource {
        @Override
        public List<StreamCursor> select(SelectRequest r) {
            List<StreamCursor> out = new ArrayList<>();
            for (int s = 0; s < labels.length; s++) {
                int si = s;
                if (r.matchers().stream().allMatch(m -> m.matches(labels[si]))) {
                    out.add(new StreamCursor() {
                        private int i = -1;

                        @Override
                        public LabelSet labels() {
                            return labels[si];
                        }

                        @Override
                        public boolean next() {
                            while (++i < counts[si]) {
                                long t = timestamps[si][i];
                                if (t >= r.startNanos() && t < r.endNanos()) {
                                    return true;
                                }
                            }
                            return false;
                        }

                        @Override
                        public long timestamp() {
                            return timestamps[si][i];
                        }

                        @Override
                        public byte[] lineBuffer() {
                            return data[si];
                        }

                        @Override
                        public int lineOffset() {
                            return offsets[si][i];
                        }

                        @Override
                        public int lineLength() {
                            return offsets[si][i + 1] - offsets[si][i];
                        }

                        @Override
                        public LabelSet metadata() {
                            return LabelSet.EMPTY;
                        }
                    });
                }
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
                    lines.add(l.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        int total = Integer.parseInt(args[1]);
        int streams = 4;
        long t0 = 1_700_000_000L * 1_000_000_000L;
        long day = 86_400L * 1_000_000_000L;
        long spacing = day / total;
        LabelSet[] labels = new LabelSet[streams];
        ByteArrayOutputStream[] bufs = new ByteArrayOutputStream[streams];
        int[][] offsets = new int[streams][total / streams + 2];
        long[][] timestamps = new long[streams][total / streams + 1];
        int[] counts = new int[streams];
        for (int k = 0; k < streams; k++) {
            labels[k] = LabelSet.of("namespace", "x", "pod", "pod-" + k);
            bufs[k] = new ByteArrayOutputStream();
        }
        long expected = 0;
        byte[] error = "error".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < total; i++) {
            int k = i % streams;
            byte[] b = lines.get(i % lines.size());
            timestamps[k][counts[k]] = t0 + (i + 1) * spacing;
            offsets[k][counts[k]] = bufs[k].size();
            bufs[k].write(b, 0, b.length);
            offsets[k][++counts[k]] = bufs[k].size();
            if (new String(b, StandardCharsets.ISO_8859_1).contains(new String(error, StandardCharsets.ISO_8859_1))) {
                expected++;
            }
        }
        byte[][] data = new byte[streams][];
        for (int k = 0; k < streams; k++) {
            data[k] = bufs[k].toByteArray();
        }
        EntrySource source = new BlockSource(labels, data, offsets, timestamps, counts);
        String q = "sum by (pod) (count_over_time({namespace=\"x\"} |= \"error\" [5m]))";
        QueryParams p = QueryParams.range(t0 + 300_000_000_000L, t0 + day, 300_000_000_000L, Direction.FORWARD, 100);
        QueryEngine engine = new QueryEngine();
        for (int run = 0; run < 8; run++) {
            long start = System.nanoTime();
            QueryResult r = engine.execute(LogQL.parse(q), p, source);
            long nanos = System.nanoTime() - start;
            double sum = 0;
            for (Result.Series s : ((Result.Matrix) r.result()).series()) {
                for (Result.Point pt : s.points()) {
                    sum += pt.value();
                }
            }
            System.out.printf("run %d: %d lines, %d MB in %.3f s = %.1f M lines/s; counted %.0f, brute force %d%n", run,
                    r.stats().totalLinesProcessed(), r.stats().totalBytesProcessed() >> 20, nanos / 1e9,
                    r.stats().totalLinesProcessed() / (nanos / 1e9) / 1e6, sum, expected);
        }
    }
}
