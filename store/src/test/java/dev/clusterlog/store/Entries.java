package dev.clusterlog.store;

import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers to build appends and read results. */
final class Entries {
    private Entries() {
    }

    static LogEntry entry(long t, String line) {
        return new LogEntry(t, line.getBytes(StandardCharsets.UTF_8));
    }

    static StreamEntries stream(LabelSet labels, LogEntry... entries) {
        return new StreamEntries(labels, List.of(entries));
    }

    static List<String> lines(List<StoredEntry> entries) {
        List<String> out = new ArrayList<>();
        for (StoredEntry e : entries) {
            out.add(e.lineString());
        }
        return out;
    }

    static StoreConfig testConfig() {
        // a fixed clock 20 days after the epoch: tests use small timestamps, inside the 30-day retention
        return StoreConfig.defaults().withMaintenance(false).withMinFreeDisk(0)
                .withClock(java.time.Clock.fixed(java.time.Instant.EPOCH.plus(java.time.Duration.ofDays(20)),
                        java.time.ZoneOffset.UTC));
    }
}
