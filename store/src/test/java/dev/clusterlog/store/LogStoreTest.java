package dev.clusterlog.store;

import static dev.clusterlog.store.Entries.entry;
import static dev.clusterlog.store.Entries.lines;
import static dev.clusterlog.store.Entries.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.clusterlog.core.entry.SourceRange;

class LogStoreTest {
    static final LabelSet A = LabelSet.of("app", "a", "namespace", "default");
    static final LabelSet B = LabelSet.of("app", "b", "namespace", "kube-system");
    static final List<LabelMatcher> ALL = List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, ".+"));

    @TempDir
    Path dir;

    @Test
    void outOfOrderEntriesComeBackInTimeOrderTiesByArrivalAcrossHeadAndSealedBlocks() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            s.append("t1", List.of(stream(A, entry(30, "c"), entry(10, "a"), entry(20, "b1"))), null);
            s.flush();
            s.append("t1", List.of(stream(A, entry(20, "b2"), entry(5, "first"), entry(40, "d"))), null);
            List<StoredEntry> fwd = s.select("t1", SelectRequest.builder(ALL).build()).toList();
            assertThat(lines(fwd)).containsExactly("first", "a", "b1", "b2", "c", "d");
            List<StoredEntry> bwd = s.select("t1", SelectRequest.builder(ALL).direction(Direction.BACKWARD).build()).toList();
            List<String> rev = new ArrayList<>(lines(fwd));
            Collections.reverse(rev);
            assertThat(lines(bwd)).isEqualTo(rev);
            assertThat(lines(s.select("t1", SelectRequest.builder(ALL).direction(Direction.BACKWARD).limit(2).build()).toList()))
                    .containsExactly("d", "c");
            assertThat(lines(s.select("t1", SelectRequest.builder(ALL).range(10, 30).build()).toList()))
                    .containsExactly("a", "b1", "b2");
        }
    }

    @Test
    void duplicateSourceRangeIsDroppedAndOverlapRejectedAlsoAfterRestart() throws Exception {
        SourceRange r1 = new SourceRange("agent-1:/var/log/pods/x/0.log", 0, 100);
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            assertThat(s.append("t", List.of(stream(A, entry(1, "one"))), r1).status()).isEqualTo(AppendResult.Status.ACCEPTED);
            assertThat(s.append("t", List.of(stream(A, entry(1, "one"))), r1).status()).isEqualTo(AppendResult.Status.DUPLICATE);
            AppendResult overlap = s.append("t", List.of(stream(A, entry(2, "x"))), new SourceRange(r1.sourceId(), 50, 150));
            assertThat(overlap.status()).isEqualTo(AppendResult.Status.OVERLAP);
            assertThat(overlap.highWaterMark()).isEqualTo(100);
            assertThat(s.metrics().duplicatesDropped.sum()).isEqualTo(1);
        }
        // the mark survives a restart, both from the WAL and (after the checkpoint at open) from sources.hwm
        for (int round = 0; round < 2; round++) {
            try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
                assertThat(s.append("t", List.of(stream(A, entry(1, "one"))), r1).status()).isEqualTo(AppendResult.Status.DUPLICATE);
                assertThat(lines(s.select("t", SelectRequest.builder(ALL).build()).toList())).containsExactly("one");
            }
        }
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            assertThat(s.append("t", List.of(stream(A, entry(2, "two"))), new SourceRange(r1.sourceId(), 100, 120)).accepted()).isTrue();
        }
    }

    @Test
    void labelsSeriesAndMatchers() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            s.append("t", List.of(stream(A, entry(1, "x")), stream(B, entry(2, "y"))), null);
            s.flush();
            s.append("t", List.of(stream(LabelSet.of("app", "c", "pod", "p1"), entry(3, "z"))), null);
            assertThat(s.labelNames("t", 0, 10)).containsExactly("app", "namespace", "pod");
            assertThat(s.labelValues("t", "app", List.of(), 0, 10)).containsExactly("a", "b", "c");
            assertThat(s.labelValues("t", "app", List.of(), 2, 10)).containsExactly("b", "c");
            assertThat(s.series("t", List.of(LabelMatcher.of("namespace", LabelMatcher.Type.NEQ, "default"),
                    LabelMatcher.of("app", LabelMatcher.Type.RE, ".+")), 0, 10)).containsExactly(B, LabelSet.of("app", "c", "pod", "p1"));
            assertThat(s.streams("other", ALL, 0, 10)).isEmpty();
            assertThat(lines(s.select("t", SelectRequest.builder(List.of(LabelMatcher.eq("app", "b"))).build()).toList()))
                    .containsExactly("y");
        }
    }

    @Test
    void limitsRaiseTypedExceptionNamingTheLimit() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            List<LogEntry> es = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                es.add(entry(i, "line number " + i + " with some padding to make bytes"));
            }
            s.append("t", List.of(new StreamEntries(A, es)), null);
            s.flush();
            QueryLimits entries = new QueryLimits(Long.MAX_VALUE, 10, Duration.ofMinutes(1));
            assertThatThrownBy(() -> s.select("t", SelectRequest.builder(ALL).limits(entries).build()).toList())
                    .isInstanceOfSatisfying(QueryLimitExceededException.class,
                            e -> assertThat(e.limit()).isEqualTo(QueryLimitExceededException.Limit.ENTRIES))
                    .hasMessageContaining("max_entries = 10");
            // exactly at the limit is fine
            assertThat(s.select("t", SelectRequest.builder(ALL).limit(10).limits(entries).build()).toList()).hasSize(10);
            QueryLimits bytes = new QueryLimits(1000, Long.MAX_VALUE, Duration.ofMinutes(1));
            assertThatThrownBy(() -> s.select("t", SelectRequest.builder(ALL).limits(bytes).build()).toList())
                    .isInstanceOfSatisfying(QueryLimitExceededException.class,
                            e -> assertThat(e.limit()).isEqualTo(QueryLimitExceededException.Limit.BYTES_SCANNED));
            QueryLimits time = new QueryLimits(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofNanos(1));
            assertThatThrownBy(() -> s.select("t", SelectRequest.builder(ALL).limits(time).build()).toList())
                    .isInstanceOfSatisfying(QueryLimitExceededException.class,
                            e -> assertThat(e.limit()).isEqualTo(QueryLimitExceededException.Limit.TIMEOUT));
            assertThat(s.metrics().queryLimitErrors.sum()).isEqualTo(3);
        }
    }

    @Test
    void tailDeliversNewEntriesOfMatchingStreams() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            try (Subscription sub = s.subscribe("t", List.of(LabelMatcher.eq("app", "a")), (labels, es) -> {
                for (LogEntry e : es) {
                    got.add(labels.get("app") + ":" + new String(e.line()));
                }
            })) {
                long t0 = System.nanoTime();
                s.append("t", List.of(stream(A, entry(1, "hello")), stream(B, entry(1, "other"))), null);
                s.append("u", List.of(stream(A, entry(1, "other tenant"))), null);
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (got.isEmpty() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(got).containsExactly("a:hello");
                assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    @Test
    void refusesAppendsWhenTheDiskHasTooLittleFreeSpace() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig().withMinFreeDisk(Long.MAX_VALUE / 2))) {
            assertThatThrownBy(() -> s.append("t", List.of(stream(A, entry(1, "x"))), null))
                    .isInstanceOf(StoreFullException.class).hasMessageContaining("store.min_free_disk");
            assertThat(s.metrics().appendsRefusedDiskFull.sum()).isEqualTo(1);
        }
    }

    @Test
    void badInputIsRejectedWithTheReason() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            assertThatThrownBy(() -> s.append("../etc", List.of(stream(A, entry(1, "x"))), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid tenant id");
            assertThatThrownBy(() -> s.append("t", List.of(stream(LabelSet.EMPTY, entry(1, "x"))), null))
                    .hasMessageContaining("stream 0 has no labels");
            assertThatThrownBy(() -> SelectRequest.builder(ALL).range(10, 5).build()).hasMessageContaining("before start");
            assertThatThrownBy(() -> StoreConfig.defaults().withBlockMax(10, 1).validate())
                    .hasMessage("Invalid value 10 for configuration store.block_max_bytes: expected between 1 KiB and 64 MiB");
        }
    }

    @Test
    void perStreamCursorsMergeInTimeOrderBothWays() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            s.append("t", List.of(stream(A, entry(1, "a1"), entry(4, "a4")), stream(B, entry(2, "b2"), entry(4, "b4"), entry(9, "b9"))), null);
            for (Direction d : Direction.values()) {
                List<EntryCursor> perStream = new ArrayList<>();
                for (LabelSet l : List.of(A, B)) {
                    perStream.add(s.select("t", SelectRequest.builder(List.of(LabelMatcher.eq("app", l.get("app")))).direction(d).build()));
                }
                List<String> got = lines(EntryCursors.merge(perStream, d).toList());
                assertThat(got).isEqualTo(d == Direction.FORWARD ? List.of("a1", "b2", "a4", "b4", "b9")
                        : List.of("b9", "a4", "b4", "b2", "a1"));
            }
        }
    }

    @Test
    void structuredMetadataRoundTrips() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig())) {
            List<LogEntry.MetadataPair> meta = List.of(new LogEntry.MetadataPair("trace_id", "abc"), new LogEntry.MetadataPair("stream", "stderr"));
            s.append("t", List.of(new StreamEntries(A, List.of(new LogEntry(5, "m".getBytes(), meta), entry(6, "n")))), null);
            assertThat(s.select("t", SelectRequest.builder(ALL).build()).toList().get(0).metadata()).isEqualTo(meta);
            s.flush();
            List<StoredEntry> r = s.select("t", SelectRequest.builder(ALL).build()).toList();
            assertThat(r.get(0).metadata()).isEqualTo(meta);
            assertThat(r.get(1).metadata()).isEmpty();
        }
    }
}
