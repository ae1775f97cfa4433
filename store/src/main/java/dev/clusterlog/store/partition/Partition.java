package dev.clusterlog.store.partition;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.io.CorruptFileException;
import dev.clusterlog.store.StoreConfig;
import dev.clusterlog.store.StoreMetrics;
import dev.clusterlog.store.block.BlockData;
import dev.clusterlog.store.block.BlockInfo;
import dev.clusterlog.store.block.HeadBlock;
import dev.clusterlog.store.block.SegmentFile;
import dev.clusterlog.store.index.BlockIndex;
import dev.clusterlog.store.query.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.lucene.search.Query;

/**
 * One tenant's data of one UTC day: live head blocks per stream, sealed segment files
 * ({@link SegmentFile}) and the block index ({@link BlockIndex}) over them, in folder
 * {@code <data>/partitions/<tenant>/<yyyy-mm-dd>/} with {@code seg-*.seg} files and {@code index/}.
 *
 * <p>Thread-safety: the owning {@code LogStore} serializes writers. Methods say which of its locks
 * they need: "write" (appends, freezing, publishing), "read" (query planning), "maintenance"
 * (sealing and merging, which run outside the store lock and publish under the write lock).
 *
 * <p>Crash safety: a segment file becomes part of the partition only when a committed index document
 * points at it. At open, segment files no document points at (from an interrupted seal or merge) are
 * deleted and documents whose segment is missing or corrupt are removed, so the index commit is the
 * single switch point. The commit also records the WAL generation below which this partition's data
 * is sealed, which is how WAL replay avoids re-adding sealed entries.
 */
public final class Partition implements AutoCloseable {
    private final PartitionKey key;
    private final Path dir;
    private final BlockIndex index;
    private final Map<Long, SegmentFile> segments = new ConcurrentHashMap<>();
    private final Map<Long, Integer> liveBlocks = new ConcurrentHashMap<>();
    private final Map<LabelSet, StreamStats> sealed = new ConcurrentHashMap<>();
    private final Map<LabelSet, HeadBlock> heads = new HashMap<>();
    private Map<LabelSet, HeadBlock> frozen = Map.of();
    private long headBytes;
    private final long coveredGeneration;

    /** Per stream: time bounds and block count of its sealed blocks. */
    static final class StreamStats {
        long minT = Long.MAX_VALUE;
        long maxT = Long.MIN_VALUE;
        int blocks;
        int small;

        void add(BlockInfo b, int smallBlockBytes) {
            minT = Math.min(minT, b.minTime());
            maxT = Math.max(maxT, b.maxTime());
            blocks++;
            if (b.rawLength() < smallBlockBytes) {
                small++;
            }
        }
    }

    private final int smallBlockBytes;

    private Partition(PartitionKey key, Path dir, BlockIndex index, int smallBlockBytes) {
        this.smallBlockBytes = smallBlockBytes;
        this.key = key;
        this.dir = dir;
        this.index = index;
        this.coveredGeneration = index.coveredGeneration();
    }

    public static Partition create(Path dir, PartitionKey key, int smallBlockBytes) throws IOException {
        Files.createDirectories(dir);
        return new Partition(key, dir, new BlockIndex(dir.resolve("index")), smallBlockBytes);
    }

    /**
     * Opens a partition folder: checks every segment (corrupt ones go to quarantine and their blocks
     * leave the index), drops orphans. Throws {@link CorruptFileException} when the index itself
     * cannot be opened; the caller quarantines the whole folder.
     */
    public static Partition open(Path dir, PartitionKey key, int smallBlockBytes, Quarantine quarantine) throws IOException {
        BlockIndex index;
        try {
            index = new BlockIndex(dir.resolve("index"));
        } catch (IOException | RuntimeException e) {
            throw new CorruptFileException(dir.resolve("index"), 0, "block index does not open: " + e);
        }
        Partition p = new Partition(key, dir, index, smallBlockBytes);
        try {
            p.load(quarantine);
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void load(Quarantine quarantine) throws IOException {
        Map<Long, SegmentFile> opened = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
        boolean changed = false;
        for (Path f : files) {
            try {
                SegmentFile seg = SegmentFile.open(f);
                opened.put(seg.segmentId(), seg);
            } catch (CorruptFileException e) {
                quarantine.quarantine(f, e);
            }
        }
        List<BlockInfo> blocks = index.all();
        Set<Long> referenced = new HashSet<>();
        for (BlockInfo b : blocks) {
            referenced.add(b.segmentId());
        }
        for (Long id : referenced) {
            if (!opened.containsKey(id)) {
                index.deleteSegment(id);
                changed = true;
            }
        }
        for (SegmentFile seg : opened.values()) {
            if (!referenced.contains(seg.segmentId())) {
                seg.delete();
            } else {
                segments.put(seg.segmentId(), seg);
            }
        }
        for (BlockInfo b : blocks) {
            if (segments.containsKey(b.segmentId())) {
                register(b);
            }
        }
        if (changed) {
            index.commit(coveredGeneration);
            index.refresh();
        }
    }

    private void register(BlockInfo b) {
        sealed.computeIfAbsent(b.labels(), k -> new StreamStats()).add(b, smallBlockBytes);
        liveBlocks.merge(b.segmentId(), 1, Integer::sum);
    }

    public PartitionKey key() {
        return key;
    }

    public Path dir() {
        return dir;
    }

    /** The WAL generation below which this partition's data was sealed when it was opened. */
    public long coveredGeneration() {
        return coveredGeneration;
    }

    /** Highest segment id in the partition (0 when none). */
    public long maxSegmentId() {
        return segments.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    // ---- write lock ----

    public HeadBlock head(LabelSet labels) {
        return heads.computeIfAbsent(labels, k -> new HeadBlock());
    }

    public void addHeadBytes(long n) {
        headBytes += n;
    }

    public long headBytes() {
        return headBytes;
    }

    public boolean hasHeadData() {
        return !heads.isEmpty();
    }

    public boolean hasUnsealedData() {
        return !heads.isEmpty() || !frozen.isEmpty();
    }

    /** Moves the live heads aside for sealing; they stay visible to queries until published. */
    public Map<LabelSet, HeadBlock> freeze() {
        if (!frozen.isEmpty()) {
            throw new IllegalStateException("partition " + key + " already has frozen heads");
        }
        frozen = new HashMap<>(heads);
        heads.clear();
        headBytes = 0;
        return frozen;
    }

    // ---- maintenance (no store lock) ----

    /**
     * Writes the frozen heads as segment {@code segmentId} and commits their index documents with the
     * WAL generation they cover. Returns the new segment, or null when nothing was frozen.
     */
    public SegmentFile seal(Map<LabelSet, HeadBlock> toSeal, long segmentId, long walGeneration, StoreConfig cfg,
                            StoreMetrics metrics) throws IOException {
        if (toSeal.isEmpty()) {
            return null;
        }
        List<LabelSet> order = new ArrayList<>(toSeal.keySet());
        order.sort(Comparator.naturalOrder());
        SegmentFile seg;
        List<PendingDoc> docs = new ArrayList<>();
        try (SegmentFile.Writer w = new SegmentFile.Writer(dir, segmentId)) {
            for (LabelSet labels : order) {
                BlockData d = toSeal.get(labels).snapshot();
                writeBlocks(w, labels, d, cfg, docs);
            }
            seg = w.finish();
        }
        // index documents only once the segment is durable, so a failed write leaves the index untouched
        for (PendingDoc doc : docs) {
            index.add(doc.info, doc.data, doc.from, doc.to);
        }
        index.commit(walGeneration);
        metrics.blocksSealed.add(seg.blocks().size());
        metrics.segmentsWritten.increment();
        return seg;
    }

    private record PendingDoc(BlockInfo info, BlockData data, int from, int to) {
    }

    private void writeBlocks(SegmentFile.Writer w, LabelSet labels, BlockData d, StoreConfig cfg,
                             List<PendingDoc> docs) throws IOException {
        int from = 0;
        while (from < d.count()) {
            int to = from;
            long bytes = 0;
            while (to < d.count() && to - from < cfg.blockMaxEntries()
                    && (to == from || bytes + d.lineLen()[d.physical(to)] <= cfg.blockMaxBytes())) {
                bytes += d.lineLen()[d.physical(to)] + d.metaLen()[d.physical(to)];
                to++;
            }
            BlockInfo info = w.add(labels, d, from, to);
            docs.add(new PendingDoc(info, d, from, to));
            from = to;
        }
    }

    // ---- write lock ----

    /** Makes a sealed segment visible and drops the frozen heads it came from. */
    public void publishSeal(SegmentFile seg) throws IOException {
        index.refresh();
        if (seg != null) {
            segments.put(seg.segmentId(), seg);
            for (BlockInfo b : seg.blocks()) {
                register(b);
            }
        }
        frozen = Map.of();
    }

    // ---- read lock ----

    /** Adds the runs of matching streams overlapping {@code [start, end)} to {@code out}. */
    public void plan(List<LabelMatcher> matchers, long start, long end, List<Query> wordClauses, List<Run> out,
                     Set<SegmentFile> acquired) throws IOException {
        addHeads(heads, Long.MAX_VALUE, matchers, start, end, out);
        addHeads(frozen, Long.MAX_VALUE - 1, matchers, start, end, out);
        List<LabelSet> candidates = new ArrayList<>();
        sealed.forEach((labels, st) -> {
            if (matches(matchers, labels) && st.maxT >= start && st.minT < end) {
                candidates.add(labels);
            }
        });
        if (candidates.isEmpty()) {
            return;
        }
        for (BlockInfo b : index.search(candidates, start, end, wordClauses)) {
            SegmentFile seg = segments.get(b.segmentId());
            if (seg == null) {
                continue;
            }
            if (!acquired.contains(seg)) {
                if (!seg.acquire()) {
                    continue;
                }
                acquired.add(seg);
            }
            out.add(Run.sealed(seg, b, out.size()));
        }
    }

    private static void addHeads(Map<LabelSet, HeadBlock> hs, long seq, List<LabelMatcher> matchers, long start,
                                 long end, List<Run> out) {
        hs.forEach((labels, h) -> {
            if (h.count() > 0 && h.maxTime() >= start && h.minTime() < end && matches(matchers, labels)) {
                out.add(Run.head(labels, h.snapshot(), seq, out.size()));
            }
        });
    }

    public static boolean matches(List<LabelMatcher> matchers, LabelSet labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Streams matching the matchers with entries in {@code [start, end)}. */
    public void streams(List<LabelMatcher> matchers, long start, long end, Set<LabelSet> out) {
        sealed.forEach((labels, st) -> {
            if (st.maxT >= start && st.minT < end && matches(matchers, labels)) {
                out.add(labels);
            }
        });
        for (Map<LabelSet, HeadBlock> hs : List.of(heads, frozen)) {
            hs.forEach((labels, h) -> {
                if (h.count() > 0 && h.maxTime() >= start && h.minTime() < end && matches(matchers, labels)) {
                    out.add(labels);
                }
            });
        }
    }

    // ---- maintenance: merging ----

    /** How many block sizes of small blocks one stream's merge reads into memory at most. */
    static final int MERGE_MAX_BLOCKS = 16;

    /** A merge prepared outside the lock, published under it. */
    public record Merge(SegmentFile segment, List<BlockInfo> replaced) {
    }

    /**
     * For every stream that has at least {@code mergeMinBlocks} sealed blocks, two or more of them under
     * half the block size, rewrites those small blocks (not the full ones: a stream's size must not
     * decide a merge's memory or work) into full blocks in one new segment, at most
     * {@value #MERGE_MAX_BLOCKS} block sizes of them per stream and round; commits the index (new blocks
     * added, old ones removed together). Null when no stream needs it.
     */
    public Merge prepareMerge(long segmentId, StoreConfig cfg, StoreMetrics metrics) throws IOException {
        List<LabelSet> candidates = new ArrayList<>();
        sealed.forEach((labels, st) -> {
            if (st.blocks >= cfg.mergeMinBlocks() && st.small >= 2) {
                candidates.add(labels);
            }
        });
        candidates.sort(Comparator.naturalOrder());
        List<BlockInfo> replaced = new ArrayList<>();
        List<PendingDoc> docs = new ArrayList<>();
        SegmentFile.Writer w = null;
        try {
            for (LabelSet labels : candidates) {
                List<BlockInfo> every = new ArrayList<>(index.search(List.of(labels), Long.MIN_VALUE, Long.MAX_VALUE, List.of()));
                every.sort(Comparator.comparingLong(BlockInfo::segmentId).thenComparingLong(BlockInfo::offset));
                List<BlockInfo> blocks = new ArrayList<>();
                long rawBytes = 0;
                for (BlockInfo b : every) {
                    if (b.rawLength() < cfg.blockMaxBytes() / 2 && rawBytes < (long) MERGE_MAX_BLOCKS * cfg.blockMaxBytes()) {
                        blocks.add(b);
                        rawBytes += b.rawLength();
                    }
                }
                if (blocks.size() < 2) {
                    continue;
                }
                HeadBlock all = new HeadBlock();
                for (BlockInfo b : blocks) {
                    BlockData d = segments.get(b.segmentId()).read(b);
                    for (int i = 0; i < d.count(); i++) {
                        all.append(d.ts()[i], d.lines(), d.lineOff()[i], d.lineLen()[i], d.meta(), d.metaOff()[i], d.metaLen()[i]);
                    }
                }
                if (w == null) {
                    w = new SegmentFile.Writer(dir, segmentId);
                }
                writeBlocks(w, labels, all.snapshot(), cfg, docs);
                replaced.addAll(blocks);
            }
            if (w == null) {
                return null;
            }
            SegmentFile seg = w.finish();
            for (PendingDoc doc : docs) {
                index.add(doc.info, doc.data, doc.from, doc.to);
            }
            for (BlockInfo b : replaced) {
                index.deleteBlock(b);
            }
            index.commit(index.coveredGeneration());
            metrics.blocksMerged.add(replaced.size());
            metrics.segmentsWritten.increment();
            return new Merge(seg, replaced);
        } finally {
            if (w != null) {
                w.close();
            }
        }
    }

    /** Write lock: swaps merged blocks in; segments left without blocks are deleted once unread. */
    public void publishMerge(Merge m) throws IOException {
        index.refresh();
        Set<LabelSet> touched = new HashSet<>();
        for (BlockInfo b : m.replaced()) {
            touched.add(b.labels());
            if (liveBlocks.merge(b.segmentId(), -1, Integer::sum) <= 0) {
                liveBlocks.remove(b.segmentId());
                SegmentFile old = segments.remove(b.segmentId());
                if (old != null) {
                    old.delete();
                }
            }
        }
        for (LabelSet l : touched) {
            sealed.remove(l);
        }
        segments.put(m.segment().segmentId(), m.segment());
        for (BlockInfo b : m.segment().blocks()) {
            register(b);
        }
    }

    /** Removes a corrupt segment found while reading: its documents leave the index (maintenance). */
    public boolean dropSegment(long segmentId) throws IOException {
        SegmentFile seg = segments.remove(segmentId);
        if (seg == null) {
            return false;
        }
        index.deleteSegment(segmentId);
        index.commit(index.coveredGeneration());
        index.refresh();
        liveBlocks.remove(segmentId);
        sealed.clear();
        for (BlockInfo b : index.all()) {
            sealed.computeIfAbsent(b.labels(), k -> new StreamStats()).add(b, smallBlockBytes);
        }
        seg.close();
        return true;
    }

    public SegmentFile segment(long id) {
        return segments.get(id);
    }

    /** Bytes of segments and index on disk. */
    public long sizeOnDisk() throws IOException {
        long n = index.sizeOnDisk();
        for (SegmentFile s : segments.values()) {
            n += s.size();
        }
        return n;
    }

    public long segmentBytes() throws IOException {
        long n = 0;
        for (SegmentFile s : segments.values()) {
            n += s.size();
        }
        return n;
    }

    public long indexBytes() throws IOException {
        return index.sizeOnDisk();
    }

    @Override
    public void close() throws IOException {
        for (SegmentFile s : segments.values()) {
            s.close();
        }
        segments.clear();
        index.close();
    }
}
