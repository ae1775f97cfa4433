package dev.clusterlog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Word and substring queries through the block index return exactly what a brute-force scan returns. */
class WordQueryTest {
    static final Path SYSLOG = Path.of(System.getProperty("clusterlog.shared", "../../shared"),
            "datasets/openstack-os-loganalyze/os_loganalyze/tests/samples/syslog.txt");

    @TempDir
    Path dir;

    @Test
    void indexedQueriesMatchBruteForce() throws Exception {
        List<String> raw = Files.readAllLines(SYSLOG, StandardCharsets.UTF_8);
        List<LabelSet> streams = List.of(LabelSet.of("app", "even"), LabelSet.of("app", "odd"));
        List<String>[] perStream = new List[] {new ArrayList<String>(), new ArrayList<String>()};
        try (LogStore s = LogStore.open(dir, Entries.testConfig().withBlockMax(16 * 1024, 10_000))) {
            for (int from = 0; from < raw.size(); from += 5000) {
                List<LogEntry> even = new ArrayList<>();
                List<LogEntry> odd = new ArrayList<>();
                for (int i = from; i < Math.min(raw.size(), from + 5000); i++) {
                    LogEntry e = new LogEntry(1_000_000L * i, raw.get(i).getBytes(StandardCharsets.UTF_8));
                    (i % 2 == 0 ? even : odd).add(e);
                    perStream[i % 2].add(raw.get(i));
                }
                s.append("t", List.of(new StreamEntries(streams.get(0), even), new StreamEntries(streams.get(1), odd)), null);
                if (from < 20000) {
                    s.flush(); // the rest stays in the head: both paths are checked
                }
            }
            long blocksTotal = s.metrics().blocksSealed.sum();
            List<String> queries = List.of("object-server", "Started child 32090", "ERROR", "proxy-logging proxy-server",
                    "replicat", "b3-227769 object", "(0.00 minutes)", "nonexistentword", "child 3", "=", "Pipeline is \"catch",
                    "hpcloud-b3", "account-quotas");
            List<LabelMatcher> all = List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, ".+"));
            for (String q : queries) {
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < raw.size(); i++) {
                    if (raw.get(i).contains(q)) {
                        expected.add(raw.get(i));
                    }
                }
                long readBefore = s.metrics().blocksRead.sum();
                List<String> got = Entries.lines(s.select("t", SelectRequest.builder(all).contains(q).build()).toList());
                assertThat(got).as("query %s", q).isEqualTo(expected);
                if (q.equals("nonexistentword")) {
                    assertThat(s.metrics().blocksRead.sum() - readBefore).as("blocks read for an absent word")
                            .isLessThan(blocksTotal / 10);
                }
            }
            // a rare word reads far fewer blocks than exist
            long readBefore = s.metrics().blocksRead.sum();
            s.select("t", SelectRequest.builder(all).contains("32090").build()).toList();
            assertThat(s.metrics().blocksRead.sum() - readBefore).isLessThan(blocksTotal / 10);
            // per stream, backward with limit
            List<String> odd = Entries.lines(s.select("t", SelectRequest.builder(List.of(LabelMatcher.eq("app", "odd")))
                    .contains("object").direction(Direction.BACKWARD).limit(3).build()).toList());
            List<String> expectedOdd = perStream[1].stream().filter(l -> l.contains("object")).toList();
            assertThat(odd).containsExactly(expectedOdd.get(expectedOdd.size() - 1), expectedOdd.get(expectedOdd.size() - 2),
                    expectedOdd.get(expectedOdd.size() - 3));
        }
    }
}
