package dev.clusterlog.store;

import static dev.clusterlog.store.Entries.entry;
import static dev.clusterlog.store.Entries.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt or truncated files are reported with a typed error naming file and offset, quarantined, and the rest serves. */
class CorruptionTest {
    static final long DAY = 86_400_000_000_000L;
    static final LabelSet A = LabelSet.of("app", "a");
    static final List<LabelMatcher> ALL = List.of(LabelMatcher.eq("app", "a"));

    @TempDir
    Path dir;

    private void writeTwoDays() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            s.append("t", List.of(stream(A, entry(DAY + 1, "day one"), entry(2 * DAY + 1, "day two"))), null);
        }
    }

    private Path segmentOf(String day) throws Exception {
        try (var l = Files.list(dir.resolve("partitions/t/" + day))) {
            return l.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }

    private static void flipByte(Path f, long at) throws Exception {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            b.rewind();
            ch.write(b, at);
        }
    }

    @Test
    void corruptSegmentIsQuarantinedAtOpenAndOtherPartitionsServe() throws Exception {
        writeTwoDays();
        Path seg = segmentOf("1970-01-02");
        long size = Files.size(seg);
        flipByte(seg, size / 2);
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            assertThat(s.corruptions()).singleElement().satisfies(e -> {
                assertThat(e.file()).isEqualTo(seg);
                assertThat(e.getMessage()).startsWith(seg + ": byte " + e.offset() + ": ");
                assertThat(e.offset()).isBetween(16L, size);
            });
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).containsExactly("day two");
            try (var q = Files.list(s.quarantineDir())) {
                assertThat(q.toList()).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).endsWith(seg.getFileName().toString()));
            }
            assertThat(s.metrics().corruptFilesQuarantined.sum()).isEqualTo(1);
            s.append("t", List.of(stream(A, entry(DAY + 5, "new day one"))), null);
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).containsExactly("new day one", "day two");
        }
    }

    @Test
    void truncatedSegmentAndBadVersionAreQuarantined() throws Exception {
        writeTwoDays();
        Path one = segmentOf("1970-01-02");
        Path two = segmentOf("1970-01-03");
        try (FileChannel ch = FileChannel.open(one, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 7);
        }
        flipByte(two, 4); // version field
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            assertThat(s.corruptions()).hasSize(2);
            assertThat(s.corruptions()).anySatisfy(e -> assertThat(e.getMessage()).contains("unsupported version").contains(two.toString()));
            assertThat(s.corruptions()).anySatisfy(e -> assertThat(e.getMessage()).contains(one.toString()));
            assertThat(s.select("t", SelectRequest.builder(ALL).build()).toList()).isEmpty();
        }
    }

    @Test
    void blockFoundCorruptByAQueryIsSkippedAndQuarantined() throws Exception {
        writeTwoDays();
        Path seg = segmentOf("1970-01-02");
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            flipByte(seg, Files.size(seg) - 20); // inside the block payload, after the open check
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).containsExactly("day two");
            s.runMaintenance();
            assertThat(s.corruptions()).singleElement().satisfies(e -> assertThat(e.file()).isEqualTo(seg));
            assertThat(Files.exists(seg)).isFalse();
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).containsExactly("day two");
        }
    }

    @Test
    void truncatedWalKeepsEveryRecordBeforeTheDamageAndIsQuarantined() throws Exception {
        Path copy = dir.resolve("copy");
        Path live = dir.resolve("live");
        try (LogStore s = LogStore.open(live, Entries.testConfig())) {
            s.append("t", List.of(stream(A, entry(1, "first"))), null);
            s.append("t", List.of(stream(A, entry(2, "second"))), null);
            // a copy of the folder while open: the data is only in the WAL, as after a crash
            try (var w = Files.walk(live)) {
                for (Path p : w.sorted(Comparator.naturalOrder()).toList()) {
                    Path target = copy.resolve(live.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else if (!p.getFileName().toString().equals("LOCK")) {
                        Files.copy(p, target);
                    }
                }
            }
        }
        Path wal;
        try (var l = Files.list(copy.resolve("wal"))) {
            wal = l.max(Comparator.naturalOrder()).orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        try (LogStore s = LogStore.open(copy, Entries.testConfig())) {
            assertThat(s.corruptions()).singleElement().satisfies(e -> {
                assertThat(e.file()).isEqualTo(wal);
                assertThat(e.offset()).isGreaterThan(20);
                assertThat(e.getMessage()).contains("truncated record");
            });
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).containsExactly("first");
            assertThat(Files.exists(wal)).isFalse();
        }
        // and after another restart the kept record is still there once
        try (LogStore s = LogStore.open(copy, Entries.testConfig())) {
            assertThat(s.corruptions()).isEmpty();
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).containsExactly("first");
        }
    }
}
