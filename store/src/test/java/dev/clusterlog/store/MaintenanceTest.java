package dev.clusterlog.store;

import static dev.clusterlog.store.Entries.entry;
import static dev.clusterlog.store.Entries.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention by age and by disk cap, merging of small blocks. */
class MaintenanceTest {
    static final long DAY = 86_400_000_000_000L;
    static final LabelSet A = LabelSet.of("app", "a");
    static final List<LabelMatcher> ALL = List.of(LabelMatcher.eq("app", "a"));

    @TempDir
    Path dir;

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void retentionByAgeDeletesWholeOldPartitions() throws Exception {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(5 * 86_400L));
        StoreConfig cfg = Entries.testConfig().withRetention(Duration.ofDays(2)).withClock(clock);
        try (LogStore s = LogStore.open(dir, cfg)) {
            for (int day = 5; day <= 10; day++) {
                clock.now = Instant.ofEpochSecond(day * 86_400L);
                s.append("t", List.of(stream(A, entry(day * DAY + 5, "day " + day))), null);
            }
            clock.now = Instant.ofEpochSecond(10 * 86_400L + 3600);
            assertThatThrownBy(() -> s.append("t", List.of(stream(A, entry(7 * DAY, "too old"))), null))
                    .hasMessageContaining("older than store.retention = PT48H");
            s.flush();
            s.runMaintenance();
            // now = day 10 01:00; cutoff = day 8 01:00: days 5, 6, 7 end before it
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList()))
                    .containsExactly("day 8", "day 9", "day 10");
            assertThat(s.metrics().partitionsDeletedRetention.sum()).isEqualTo(3);
            try (var l = Files.list(dir.resolve("partitions/t"))) {
                assertThat(l.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactly("1970-01-09", "1970-01-10", "1970-01-11");
            }
        }
    }

    @Test
    void diskCapDeletesOldestPartitionsFirst() throws Exception {
        byte[] big = new byte[200_000];
        new java.util.Random(1).nextBytes(big); // incompressible
        long size;
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            for (int day = 1; day <= 5; day++) {
                s.append("t", List.of(new StreamEntries(A, List.of(new LogEntry(day * DAY, big)))), null);
            }
            s.flush();
            size = s.storeSize();
        }
        long cap = size * 5 / 10 + size / 50; // room for two and a half of the five partitions
        try (LogStore s = LogStore.open(dir, Entries.testConfig().withDiskCap(cap))) {
            s.runMaintenance();
            assertThat(s.storeSize()).isLessThanOrEqualTo(cap);
            List<StoredEntry> left = s.select("t", SelectRequest.builder(ALL).build()).toList();
            assertThat(left).extracting(StoredEntry::timestampNanos).containsExactly(4 * DAY, 5 * DAY);
        }
    }

    @Test
    void smallBlocksOfAStreamAreMergedAndStillReadInOrder() throws Exception {
        StoreConfig cfg = Entries.testConfig().withMergeMinBlocks(4);
        List<String> expected = new ArrayList<>();
        try (LogStore s = LogStore.open(dir, cfg)) {
            for (int round = 0; round < 6; round++) {
                // each round: one entry late (out of order), equal timestamps across rounds
                s.append("t", List.of(stream(A, entry(100 + round, "r" + round + "a"), entry(50, "r" + round + "late"))), null);
                s.flush();
            }
            for (int round = 0; round < 6; round++) {
                expected.add("r" + round + "late");
            }
            for (int round = 0; round < 6; round++) {
                expected.add("r" + round + "a");
            }
            long segmentsBefore;
            try (var l = Files.list(dir.resolve("partitions/t/1970-01-01"))) {
                segmentsBefore = l.filter(p -> p.toString().endsWith(".seg")).count();
            }
            assertThat(segmentsBefore).isEqualTo(6);
            s.runMaintenance();
            assertThat(s.metrics().blocksMerged.sum()).isEqualTo(6);
            try (var l = Files.list(dir.resolve("partitions/t/1970-01-01"))) {
                assertThat(l.filter(p -> p.toString().endsWith(".seg")).count()).isEqualTo(1);
            }
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).isEqualTo(expected);
        }
        try (LogStore s = LogStore.open(dir, cfg)) {
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).isEqualTo(expected);
        }
    }

    @Test
    void aMergeRewritesOnlyTheSmallBlocksNotTheWholeStream() throws Exception {
        // 1 KiB blocks: each of the first four flushes seals one full block, the last three a small one
        StoreConfig cfg = Entries.testConfig().withBlockMax(1024, 65_536).withMergeMinBlocks(4);
        String line = "y".repeat(1020);
        List<String> expected = new ArrayList<>();
        try (LogStore s = LogStore.open(dir, cfg)) {
            long t = 100;
            for (int full = 0; full < 4; full++) {
                s.append("t", List.of(stream(A, entry(t, line + full))), null);
                expected.add(line + full);
                t++;
                s.flush();
            }
            for (int small = 0; small < 3; small++) {
                s.append("t", List.of(stream(A, entry(t, "small " + small))), null);
                expected.add("small " + small);
                t++;
                s.flush();
            }
            s.runMaintenance();
            // the three small blocks become one; the four full ones are left where they are
            assertThat(s.metrics().blocksMerged.sum()).isEqualTo(3);
            assertThat(Entries.lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).isEqualTo(expected);
        }
    }
}
