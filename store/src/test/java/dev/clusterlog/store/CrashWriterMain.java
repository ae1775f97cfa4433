package dev.clusterlog.store;

import dev.clusterlog.core.entry.LabelSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.clusterlog.core.entry.SourceRange;

/**
 * Child process of {@link CrashRecoveryTest}: appends batches from two threads and prints
 * {@code ACK <source> <batch>} after each append returns (durable), until it is killed.
 * Args: dataDir round.
 */
public final class CrashWriterMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String round = args[1];
        StoreConfig cfg = StoreConfig.defaults().withMinFreeDisk(0).withHeadMaxBytes(128 * 1024).withBlockMax(64 * 1024, 1000)
                .withMergeMinBlocks(3);
        LogStore store = LogStore.open(dir, cfg);
        long base = System.currentTimeMillis() * 1_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String source = "r" + round + "-w" + t;
            LabelSet labels = LabelSet.of("app", "crash", "writer", Integer.toString(t));
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int batch = 0; ; batch++) {
                        List<LogEntry> entries = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            long ts = base + 1_000_000_000L * (batch % 7) + i; // out of order across batches
                            entries.add(new LogEntry(ts, (source + "-b" + batch + "-e" + i + " some text to fill the block")
                                    .getBytes(StandardCharsets.UTF_8)));
                        }
                        AppendResult r = store.append("t", List.of(new StreamEntries(labels, entries)),
                                new SourceRange(source, batch * 1000L, batch * 1000L + 1000));
                        if (r.accepted()) {
                            synchronized (System.out) {
                                System.out.println("ACK " + source + " " + batch);
                                System.out.flush();
                            }
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
