package dev.clusterlog.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.store.StreamEntries;
import dev.clusterlog.store.wal.WalRecord;
import dev.clusterlog.store.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One operation of each store micro-benchmark, run directly: the figures JMH turns into MB/s are
 * only worth something if an operation does the whole work on the whole input.
 */
class StoreBenchmarksTest {
    private static int lines() {
        return JmhInputs.lineBounds(JmhInputs.rawLines())[0].length;
    }

    @Test
    void tokenizerSeesEveryWordAndBlocksKeepFewerDistinctWords() {
        TokenizerBenchmark b = new TokenizerBenchmark();
        b.setUp();
        long wordBytes = b.tokenize();
        byte[] raw = JmhInputs.rawLines();
        long expected = 0;
        int run = 0;
        for (byte c : raw) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (c & 0x80) != 0) {
                run++;
            } else {
                expected += Math.min(run, 64) + (run > 64 ? 5 : 0);
                run = 0;
            }
        }
        assertThat(wordBytes).isEqualTo(expected);
        long distinct = b.blockWords();
        assertThat(distinct).isPositive().isLessThan(lines() * 10L);
    }

    @Test
    void blockCodecRoundTripsEveryLine() {
        BlockCodecBenchmark b = new BlockCodecBenchmark();
        b.setUp();
        assertThat(b.decode()).isEqualTo(lines());
        long compressed = b.encode();
        assertThat(compressed).isPositive().isLessThan(JmhInputs.rawLines().length / 2);
    }

    @Test
    void walAppendWritesRecordsThatReplay() throws IOException {
        WalAppendBenchmark b = new WalAppendBenchmark();
        b.sync = true;
        b.setUp();
        try {
            b.append();
            Path dir = b.dir;
            List<WalRecord> records = new ArrayList<>();
            for (Path f : WriteAheadLog.files(dir)) {
                WriteAheadLog.replay(f, records::add);
            }
            long entries = records.stream().flatMap(r -> r.streams().stream()).map(StreamEntries::entries)
                    .mapToLong(List::size).sum();
            assertThat(entries).isEqualTo(lines());
            assertThat(records).allSatisfy(r -> assertThat(r.source().sourceId()).isEqualTo("bench/0.log"));
        } finally {
            b.tearDown();
        }
    }
}
