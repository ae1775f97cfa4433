package dev.clusterlog.store;

import static dev.clusterlog.store.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-pressure: the data an append leaves in memory (live heads plus heads being sealed) stays below
 * twice {@code store.head_max_bytes} plus what the appends in flight add, however fast appends come;
 * nothing appended is lost on the way.
 */
class HeadRoomTest {
    private static final long HEAD_MAX = 64 << 10;
    private static final int LINES_PER_BATCH = 100;
    private static final String LINE = "x".repeat(100);
    /** What one batch adds to the heads' count: each entry's bytes plus 16. */
    private static final long BATCH_BYTES = LINES_PER_BATCH * (LINE.length() + 16L);

    @TempDir
    Path dir;

    private static List<StreamEntries> batch(LabelSet labels, long firstNanos) {
        List<LogEntry> entries = new ArrayList<>(LINES_PER_BATCH);
        for (int i = 0; i < LINES_PER_BATCH; i++) {
            entries.add(entry(firstNanos + i, LINE));
        }
        return List.of(new StreamEntries(labels, entries));
    }

    private static long count(LogStore s) throws Exception {
        long n = 0;
        try (EntryCursor c = s.select("t", SelectRequest.builder(List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, ".+")))
                .range(0, Long.MAX_VALUE).limit(Long.MAX_VALUE).build())) {
            while (c.next()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void withoutAMaintenanceThreadTheAppenderSealsWhenMemoryIsFull() throws Exception {
        try (LogStore s = LogStore.open(dir, Entries.testConfig().withBlockMax(16 << 10, 65_536).withHeadMaxBytes(HEAD_MAX))) {
            LabelSet labels = LabelSet.of("app", "a");
            for (int b = 0; b < 400; b++) {
                s.append("t", batch(labels, 1_000_000_000L + b * (long) LINES_PER_BATCH), null);
                assertThat(s.unsealedBytes()).isLessThanOrEqualTo(2 * HEAD_MAX + BATCH_BYTES);
            }
            assertThat(s.metrics().appendsWaitedForSealing.sum()).isPositive();
            assertThat(count(s)).isEqualTo(400L * LINES_PER_BATCH);
        }
    }

    @Test
    void concurrentAppendersWaitForTheMaintenanceThreadToSeal() throws Exception {
        int threads = 4;
        int batches = 150;
        try (LogStore s = LogStore.open(dir, Entries.testConfig().withBlockMax(16 << 10, 65_536).withMaintenance(true).withHeadMaxBytes(HEAD_MAX))) {
            AtomicLong max = new AtomicLong();
            List<Thread> appenders = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                LabelSet labels = LabelSet.of("app", "a" + t);
                appenders.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int b = 0; b < batches; b++) {
                            s.append("t", batch(labels, 1_000_000_000L + b * (long) LINES_PER_BATCH), null);
                            max.accumulateAndGet(s.unsealedBytes(), Math::max);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread t : appenders) {
                t.join();
            }
            assertThat(failures).isEmpty();
            // each appender may pass the check before the others' batches land
            assertThat(max.get()).isLessThanOrEqualTo(2 * HEAD_MAX + threads * BATCH_BYTES);
            assertThat(count(s)).isEqualTo((long) threads * batches * LINES_PER_BATCH);
        }
    }
}
