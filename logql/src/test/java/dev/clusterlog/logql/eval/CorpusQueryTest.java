package dev.clusterlog.logql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.LogQL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric queries over a day of real log text (the loghub samples under ../shared/datasets, read in
 * place) against a brute-force count over the same lines.
 */
class CorpusQueryTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_700_000_000L * S;
    static final long DAY = 86_400L * S;
    static final String[] PODS = {"a", "b", "c", "d"};
    static List<String> lines;
    static InMemoryEntrySource source;

    @BeforeAll
    static void load() throws IOException {
        Path root = Path.of(System.getProperty("clusterlog.shared", "/work/shared"), "datasets", "loghub");
        lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p, StandardCharsets.ISO_8859_1));
            }
        }
        source = new InMemoryEntrySource();
        for (int i = 0; i < lines.size(); i++) {
            source.add(LabelSet.of("namespace", "x", "pod", PODS[i % 4]), timestamp(i), lines.get(i));
        }
    }

    static long timestamp(int i) {
        return T0 + (long) i * (DAY / lines.size());
    }

    /** Per pod and step: lines in (t - 5m, t] that pass the predicate. */
    static Map<String, Map<Long, Double>> brute(Predicate<String> keep, long step) {
        Map<String, Map<Long, Double>> out = new HashMap<>();
        long range = 300 * S;
        for (int i = 0; i < lines.size(); i++) {
            if (!keep.test(lines.get(i))) {
                continue;
            }
            long ts = timestamp(i);
            long first = T0 + Math.floorDiv(ts - T0, step) * step;
            for (long t = first; t < ts + range; t += step) {
                if (t >= ts && t - range < ts && t >= T0 + step && t <= T0 + DAY) {
                    out.computeIfAbsent(PODS[i % 4], k -> new HashMap<>()).merge(t, 1.0, Double::sum);
                }
            }
        }
        return out;
    }

    static Map<String, Map<Long, Double>> query(String q, long step) {
        Result.Matrix m = (Result.Matrix) new QueryEngine().execute(LogQL.parse(q),
                QueryParams.range(T0 + step, T0 + DAY, step, Direction.FORWARD, 100), source).result();
        Map<String, Map<Long, Double>> out = new HashMap<>();
        for (Result.Series s : m.series()) {
            Map<Long, Double> pts = new HashMap<>();
            s.points().forEach(p -> pts.put(p.timestampNanos(), p.value()));
            out.put(s.labels().get("pod"), pts);
        }
        return out;
    }

    @Test
    void countOverTimeWithLineFiltersMatchesBruteForce() {
        assertThat(lines).hasSizeGreaterThan(10_000);
        long step = 300 * S;
        Map<String, Map<Long, Double>> want = brute(l -> l.contains("error"), step);
        assertThat(want).isNotEmpty();
        assertThat(query("sum by (pod) (count_over_time({namespace=\"x\"} |= \"error\" [5m]))", step)).isEqualTo(want);

        Pattern ci = Pattern.compile("(?i)fail(ed|ure)");
        Map<String, Map<Long, Double>> failures = brute(l -> ci.matcher(l).find(), step);
        assertThat(failures).isNotEmpty();
        assertThat(query("sum by (pod) (count_over_time({namespace=\"x\"} |~ \"(?i)fail(ed|ure)\" [5m]))", step))
                .isEqualTo(failures);
        Pattern closed = Pattern.compile("conn.*closed");
        Map<String, Map<Long, Double>> closedNotInfo = brute(l -> !l.contains("INFO") && closed.matcher(l).find(), 60 * S);
        assertThat(closedNotInfo).isNotEmpty();
        assertThat(query("sum by (pod) (count_over_time({namespace=\"x\"} != \"INFO\" |~ \"conn.*closed\" [5m]))", 60 * S))
                .isEqualTo(closedNotInfo);
    }
}
