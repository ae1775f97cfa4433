package dev.clusterlog.bench.jmh;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.SourceRange;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.store.LogEntry;
import dev.clusterlog.store.StreamEntries;
import dev.clusterlog.store.wal.WalRecord;
import dev.clusterlog.store.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's write-ahead log: ~4 MiB of resampled real log lines as pushes of ~1 MiB (the agent's
 * batch size), each one stream of entries with an agent's source range, encoded as a
 * {@link WalRecord} and appended to a real {@link WriteAheadLog} in a temporary folder (under
 * {@code java.io.tmpdir}). With {@code sync=true} every push waits for its fsync, as one
 * acknowledged push without company does; {@code sync=false} is the encoding and the write alone
 * (what concurrent pushes pay when group commit shares one fsync among them). The log rolls to a
 * new generation every 256 MiB and the old file is deleted, as the store does once a generation's
 * data is sealed.
 *
 * <p>Run alone: {@code bench/run jmh WalAppendBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class WalAppendBenchmark {
    private static final long ROLL_BYTES = 256L << 20;
    private static final int PUSH_BYTES = 1 << 20;

    @Param({"false", "true"})
    public boolean sync;

    private final List<List<StreamEntries>> pushes = new ArrayList<>();
    private final ByteWriter payload = new ByteWriter(2 << 20);
    Path dir; // read by the test
    private WriteAheadLog wal;
    private long offset;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        byte[] buf = JmhInputs.rawLines();
        int[][] bounds = JmhInputs.lineBounds(buf);
        LabelSet labels = LabelSet.of("container", "count", "namespace", "default", "pod", "counter");
        List<LogEntry> entries = new ArrayList<>();
        int bytes = 0;
        long t = 1_767_225_600_000_000_000L;
        for (int i = 0; i < bounds[0].length; i++) {
            byte[] line = Arrays.copyOfRange(buf, bounds[0][i], bounds[0][i] + bounds[1][i] - 1);
            entries.add(new LogEntry(t += 1_000_000, line));
            bytes += line.length;
            if (bytes >= PUSH_BYTES || i == bounds[0].length - 1) {
                pushes.add(List.of(new StreamEntries(labels, entries)));
                entries = new ArrayList<>();
                bytes = 0;
            }
        }
        dir = Files.createTempDirectory("clusterlog-jmh-wal");
        wal = new WriteAheadLog(dir, 1, () -> { });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        wal.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public long append() throws IOException {
        long marker = 0;
        for (List<StreamEntries> push : pushes) {
            payload.reset();
            payload.writeLong(0); // the record header, filled in by append
            long end = offset + PUSH_BYTES;
            WalRecord.encode("fake", new SourceRange("bench/0.log", offset, end), push, payload);
            offset = end;
            marker = wal.append(payload);
            if (sync) {
                wal.sync(marker);
            }
        }
        if (wal.currentFileSize() >= ROLL_BYTES) {
            long old = wal.generation();
            wal.roll();
            Files.deleteIfExists(dir.resolve(WriteAheadLog.fileName(old)));
        }
        return marker;
    }
}
