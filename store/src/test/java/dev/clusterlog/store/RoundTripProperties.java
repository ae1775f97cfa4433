package dev.clusterlog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any entries appended come back identical, in time order per stream (ties by arrival), in both directions. */
class RoundTripProperties {
    static final long DAY = 86_400_000_000_000L;
    static final List<LabelSet> STREAMS = List.of(LabelSet.of("app", "a"), LabelSet.of("app", "b", "pod", "p"),
            LabelSet.of("app", "c"));

    record Item(int stream, long ts, byte[] line) {
    }

    record Batch(List<Item> items, boolean flushAfter) {
    }

    @Provide
    Arbitrary<List<Batch>> batches() {
        Arbitrary<Item> item = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(DAY - 20, DAY + 20),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(Item::new);
        Arbitrary<Batch> batch = Combinators.combine(item.list().ofMaxSize(30), Arbitraries.of(true, false, false)).as(Batch::new);
        return batch.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 25)
    void appendedEntriesComeBackInOrder(@ForAll("batches") List<Batch> batches, @ForAll boolean reopen,
                                        @ForAll("limits") int limit) throws IOException {
        Path dir = Files.createTempDirectory("store-prop");
        StoreConfig cfg = Entries.testConfig().withBlockMax(1024, 7);
        Map<Integer, List<Item>> arrival = new HashMap<>();
        LogStore s = LogStore.open(dir, cfg);
        try {
            for (Batch b : batches) {
                Map<Integer, List<LogEntry>> per = new HashMap<>();
                for (Item it : b.items()) {
                    per.computeIfAbsent(it.stream(), k -> new ArrayList<>()).add(new LogEntry(it.ts(), it.line()));
                    arrival.computeIfAbsent(it.stream(), k -> new ArrayList<>()).add(it);
                }
                List<StreamEntries> streams = new ArrayList<>();
                per.forEach((k, v) -> streams.add(new StreamEntries(STREAMS.get(k), v)));
                s.append("t", streams, null);
                if (b.flushAfter()) {
                    s.flush();
                }
            }
            if (reopen) {
                s.close();
                s = LogStore.open(dir, cfg);
            }
            List<LabelMatcher> all = List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, ".*"));
            List<StoredEntry> fwd = s.select("t", SelectRequest.builder(all).build()).toList();
            int total = arrival.values().stream().mapToInt(List::size).sum();
            assertThat(fwd).hasSize(total);
            for (int i = 1; i < fwd.size(); i++) {
                assertThat(fwd.get(i).timestampNanos()).isGreaterThanOrEqualTo(fwd.get(i - 1).timestampNanos());
            }
            for (int k = 0; k < STREAMS.size(); k++) {
                List<Item> expected = new ArrayList<>(arrival.getOrDefault(k, List.of()));
                expected.sort(Comparator.comparingLong(Item::ts)); // stable: ties keep arrival order
                LabelSet labels = STREAMS.get(k);
                List<StoredEntry> got = fwd.stream().filter(e -> e.labels().equals(labels)).toList();
                assertThat(got).hasSize(expected.size());
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).timestampNanos()).isEqualTo(expected.get(i).ts());
                    assertThat(got.get(i).line()).isEqualTo(expected.get(i).line());
                }
                List<StoredEntry> alone = s.select("t", SelectRequest.builder(List.of(LabelMatcher.eq("app", labels.get("app"))))
                        .build()).toList();
                assertThat(alone).usingRecursiveFieldByFieldElementComparator().isEqualTo(got);
            }
            List<StoredEntry> bwd = s.select("t", SelectRequest.builder(all).direction(Direction.BACKWARD).build()).toList();
            List<StoredEntry> rev = new ArrayList<>(fwd);
            Collections.reverse(rev);
            assertThat(bwd).usingRecursiveFieldByFieldElementComparator().isEqualTo(rev);
            List<StoredEntry> fwdLimited = s.select("t", SelectRequest.builder(all).limit(limit).build()).toList();
            assertThat(fwdLimited).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(fwd.subList(0, Math.min(limit, fwd.size())));
            List<StoredEntry> bwdLimited = s.select("t", SelectRequest.builder(all).limit(limit)
                    .direction(Direction.BACKWARD).build()).toList();
            assertThat(bwdLimited).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(rev.subList(0, Math.min(limit, rev.size())));
        } finally {
            s.close();
            try (var w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.integers().between(1, 50);
    }
}
