package dev.clusterlog.bench.jmh;

import com.github.luben.zstd.Zstd;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.store.block.BlockCodec;
import dev.clusterlog.store.block.BlockData;
import dev.clusterlog.store.block.HeadBlock;
import dev.clusterlog.store.block.SegmentFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's block encoding, as {@link SegmentFile} seals and reads a block: ~4 MiB of resampled
 * real log lines appended to {@link HeadBlock}s of the default 1 MiB of line bytes (one line a
 * millisecond apart, no metadata). {@code encode}: each block's columnar layout
 * ({@link BlockCodec#encode}) compressed with zstd at the segment files' level; {@code decode}: each
 * compressed block decompressed and decoded back ({@link BlockCodec#decode}). The file I/O, labels
 * and CRC of a segment's block are not in it.
 *
 * <p>Run alone: {@code bench/run jmh BlockCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BlockCodecBenchmark {
    private final List<BlockData> blocks = new ArrayList<>();
    private final List<byte[]> compressed = new ArrayList<>();
    private final List<Integer> rawLengths = new ArrayList<>();
    private final ByteWriter raw = new ByteWriter(2 << 20);
    private byte[] out;
    private byte[] decoded;

    @Setup
    public void setUp() {
        byte[] buf = JmhInputs.rawLines();
        int[][] bounds = JmhInputs.lineBounds(buf);
        HeadBlock head = new HeadBlock();
        long t = 1_767_225_600_000_000_000L;
        for (int i = 0; i < bounds[0].length; i++) {
            head.append(t += 1_000_000, buf, bounds[0][i], bounds[1][i] - 1, null, 0, 0);
            if (head.bytes() >= TokenizerBenchmark.BLOCK_BYTES) {
                blocks.add(head.snapshot());
                head = new HeadBlock();
            }
        }
        if (head.count() > 0) {
            blocks.add(head.snapshot());
        }
        int maxRaw = 0;
        for (BlockData b : blocks) {
            raw.reset();
            BlockCodec.encode(b, 0, b.count(), raw);
            maxRaw = Math.max(maxRaw, raw.length());
            byte[] c = Zstd.compress(raw.toByteArray(), SegmentFile.ZSTD_LEVEL);
            compressed.add(c);
            rawLengths.add(raw.length());
        }
        out = new byte[(int) Zstd.compressBound(maxRaw)];
        decoded = new byte[maxRaw];
    }

    @Benchmark
    public long encode() {
        long total = 0;
        for (BlockData b : blocks) {
            raw.reset();
            BlockCodec.encode(b, 0, b.count(), raw);
            long c = Zstd.compressByteArray(out, 0, out.length, raw.array(), 0, raw.length(), SegmentFile.ZSTD_LEVEL);
            if (Zstd.isError(c)) {
                throw new IllegalStateException(Zstd.getErrorName(c));
            }
            total += c;
        }
        return total;
    }

    @Benchmark
    public long decode() {
        long entries = 0;
        for (int i = 0; i < compressed.size(); i++) {
            byte[] c = compressed.get(i);
            int rawLen = rawLengths.get(i);
            long n = Zstd.decompressByteArray(decoded, 0, rawLen, c, 0, c.length);
            if (n != rawLen) {
                throw new IllegalStateException("decompressed " + n + " of " + rawLen + " bytes");
            }
            entries += BlockCodec.decode(decoded, rawLen).count();
        }
        return entries;
    }
}
