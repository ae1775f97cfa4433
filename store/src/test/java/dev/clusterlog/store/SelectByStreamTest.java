package dev.clusterlog.store;

import static dev.clusterlog.store.Entries.entry;
import static dev.clusterlog.store.Entries.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LogStore#selectByStream}: one planned query, one cursor per stream with candidate data, the
 * same entries as {@link LogStore#select}, and segment references that balance (segments shared by
 * several streams' cursors are neither freed early nor kept after every cursor is closed).
 */
class SelectByStreamTest {
    static final long DAY = MaintenanceTest.DAY;
    static final LabelSet A = LabelSet.of("app", "a");
    static final LabelSet B = LabelSet.of("app", "b");
    static final LabelSet C = LabelSet.of("app", "c");
    static final List<LabelMatcher> ALL = List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, ".+"));

    @TempDir
    Path dir;

    /** Three flushes, so three segments each holding blocks of all three streams; A alone says alpha. */
    private static void fill(LogStore s, long base) throws Exception {
        for (int round = 0; round < 3; round++) {
            long t = base + round * 1000L;
            s.append("t", List.of(stream(A, entry(t + 1, "alpha " + round), entry(t + 2, "plain a" + round)),
                    stream(B, entry(t + 3, "beta " + round)), stream(C, entry(t + 4, "gamma " + round))), null);
            s.flush();
        }
    }

    private static List<String> drain(EntryCursor c, LabelSet expected) {
        List<String> lines = new ArrayList<>();
        try (c) {
            while (c.next()) {
                assertThat(c.labels()).isEqualTo(expected);
                lines.add(new String(c.lineBuffer(), c.lineOffset(), c.lineLength(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void aWordRulesOutTheStreamsWithoutItAndEachCursorHoldsOneStream() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            fill(s, 5 * DAY);
            s.append("t", List.of(stream(B, entry(5 * DAY + 9000, "beta in the head"))), null); // a live head too
            Map<LabelSet, EntryCursor> words = s.selectByStream("t", SelectRequest.builder(ALL).contains("alpha").build());
            // C has only sealed blocks without the word: no cursor; B's live head is not indexed, so B keeps
            // a cursor, which the line filter leaves empty
            assertThat(words.keySet()).containsExactly(A, B);
            assertThat(drain(words.get(A), A)).containsExactly("alpha 0", "alpha 1", "alpha 2");
            assertThat(drain(words.get(B), B)).isEmpty();

            Map<LabelSet, EntryCursor> all = s.selectByStream("t", SelectRequest.builder(ALL).build());
            assertThat(all.keySet()).containsExactly(A, B, C);
            assertThat(drain(all.get(A), A)).containsExactly("alpha 0", "plain a0", "alpha 1", "plain a1", "alpha 2", "plain a2");
            assertThat(drain(all.get(B), B)).containsExactly("beta 0", "beta 1", "beta 2", "beta in the head");
            assertThat(drain(all.get(C), C)).containsExactly("gamma 0", "gamma 1", "gamma 2");
        }
    }

    @Test
    void sharedSegmentsStayReadableWhileOpenAndAreDeletedOnceEveryCursorIsClosed() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig().withMergeMinBlocks(3))) {
            fill(s, 5 * DAY);
            // many cursors over the same three segments, opened and closed: references must balance
            for (int i = 0; i < 5; i++) {
                Map<LabelSet, EntryCursor> all = s.selectByStream("t", SelectRequest.builder(ALL).build());
                all.forEach((labels, c) -> drain(c, labels));
            }
            assertThat(s.select("t", SelectRequest.builder(ALL).build()).toList()).hasSize(12);
            List<Path> before = segmentFiles();
            assertThat(before).hasSize(3);

            // merging rewrites every block into a new segment; the three old ones go once nobody reads them
            Map<LabelSet, EntryCursor> open = s.selectByStream("t", SelectRequest.builder(ALL).build());
            for (int i = 0; i < 5 && s.metrics().blocksMerged.sum() < 9; i++) {
                s.runMaintenance();
            }
            assertThat(s.metrics().blocksMerged.sum()).isEqualTo(9);
            assertThat(drain(open.remove(A), A)).hasSize(6);
            assertThat(segmentFiles()).containsAll(before); // B's and C's cursors still read them
            open.forEach((labels, c) -> assertThat(drain(c, labels)).hasSize(3));
            assertThat(segmentFiles()).doesNotContainAnyElementsOf(before);
            assertThat(s.select("t", SelectRequest.builder(ALL).build()).toList()).hasSize(12);
        }
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).toList();
        }
    }
}
