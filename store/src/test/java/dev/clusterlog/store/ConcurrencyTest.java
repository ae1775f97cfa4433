package dev.clusterlog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent appends (group commit), checkpoints and queries: a query sees every acknowledged entry exactly once. */
class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void queriesDuringAppendsAndCheckpointsSeeAcknowledgedEntriesOnce() throws Exception {
        StoreConfig cfg = Entries.testConfig().withBlockMax(4096, 50).withMergeMinBlocks(3);
        try (LogStore s = LogStore.open(dir, cfg)) {
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int id = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        LabelSet labels = LabelSet.of("app", "c", "writer", Integer.toString(id));
                        for (int b = 0; b < 60; b++) {
                            List<LogEntry> es = new ArrayList<>();
                            for (int i = 0; i < 10; i++) {
                                es.add(new LogEntry(1000L * ((b * 7) % 13) + i, ("w" + id + "-b" + b + "-e" + i).getBytes(StandardCharsets.UTF_8)));
                            }
                            s.append("t", List.of(new StreamEntries(labels, es)), null);
                            for (int i = 0; i < 10; i++) {
                                acked.add("w" + id + "-b" + b + "-e" + i);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            Thread maintenance = Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        s.flush();
                        s.runMaintenance();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            int queries = 0;
            boolean writing = true;
            while (writing) {
                writing = writers.stream().anyMatch(Thread::isAlive);
                Set<String> before = new HashSet<>(acked);
                List<StoredEntry> got = s.select("t", SelectRequest.builder(List.of(LabelMatcher.eq("app", "c"))).build()).toList();
                Set<String> seen = new HashSet<>();
                for (StoredEntry e : got) {
                    assertThat(seen.add(e.lineString())).as("entry %s twice", e.lineString()).isTrue();
                }
                assertThat(seen).containsAll(before);
                queries++;
            }
            stop.set(true);
            maintenance.join();
            for (Thread t : writers) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(acked).hasSize(4 * 60 * 10);
            assertThat(queries).isPositive();
            assertThat(s.metrics().walSyncs.sum()).isLessThanOrEqualTo(4 * 60);
            assertThat(s.select("t", SelectRequest.builder(List.of(LabelMatcher.eq("app", "c"))).build()).toList())
                    .hasSize(acked.size());
        }
    }
}
