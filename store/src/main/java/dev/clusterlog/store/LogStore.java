package dev.clusterlog.store;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.store.block.HeadBlock;
import dev.clusterlog.store.block.SegmentFile;
import dev.clusterlog.store.index.WordPlan;
import dev.clusterlog.store.partition.Partition;
import dev.clusterlog.store.partition.PartitionKey;
import dev.clusterlog.store.query.MergeCursor;
import dev.clusterlog.store.query.Run;
import dev.clusterlog.store.wal.SourceMarks;
import dev.clusterlog.store.wal.WalRecord;
import dev.clusterlog.store.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.search.Query;
import dev.clusterlog.core.io.CorruptFileException;
import dev.clusterlog.core.entry.SourceRange;

/**
 * The embedded log store: durable appends, time-ordered queries, label lookups and live tails over
 * one data folder.
 * <pre>
 * &lt;data&gt;/LOCK                                   held while open (one process per folder)
 * &lt;data&gt;/wal/wal-&lt;generation&gt;.wal                 {@link WriteAheadLog}
 * &lt;data&gt;/sources.hwm                             {@link SourceMarks}
 * &lt;data&gt;/partitions/&lt;tenant&gt;/&lt;yyyy-mm-dd&gt;/       {@link Partition}: seg-*.seg ({@link SegmentFile}), index/ (Lucene)
 * &lt;data&gt;/quarantine/                             corrupt files moved aside, named by time and original path
 * </pre>
 *
 * <p>Implementation notes. An append encodes one WAL record (data plus source high-water mark), and
 * under the write lock checks the source range, writes the record and adds the entries to the head
 * blocks of their partitions (tenant x UTC day); then, outside the lock, it waits for the group
 * commit fsync. A checkpoint (on size, age, {@link #flush()} or open) rolls the WAL, freezes the
 * heads, writes them as one segment per partition, commits each partition's block index with the
 * new WAL generation, publishes under the write lock, persists the source marks and deletes the old
 * WAL generations. Queries plan under the read lock (head snapshots plus candidate blocks from the
 * index) and then merge lazily without any lock. Checkpoints, merges, retention and quarantine run
 * on one maintenance thread (or the caller of {@link #runMaintenance()}), serialized by a lock.
 *
 * <p>Thread-safety: all public methods are safe to call concurrently.
 */
public final class LogStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogStore.class.getName());
    /** How long an append waits for sealing to free memory before it is refused ({@link #awaitHeadRoom}). */
    static final java.time.Duration HEAD_ROOM_WAIT = java.time.Duration.ofSeconds(30);

    private final Path dataDir;
    private final Path partitionsDir;
    private final Path quarantineDir;
    private final StoreConfig config;
    private final StoreMetrics metrics = new StoreMetrics();
    /** Bytes in live heads of all partitions (approximate: entries plus 16 bytes each). */
    private final java.util.concurrent.atomic.LongAdder headBytes = new java.util.concurrent.atomic.LongAdder();
    /** Bytes in frozen heads that a checkpoint is sealing (counted like {@link #headBytes}). */
    private final java.util.concurrent.atomic.LongAdder sealingBytes = new java.util.concurrent.atomic.LongAdder();
    /** Appenders waiting for head room ({@link #awaitHeadRoom}) are woken here when a seal is published. */
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition roomFreed = roomLock.newCondition();
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final ReentrantLock maintenanceLock = new ReentrantLock();
    private final Condition wake = maintenanceLock.newCondition();
    private final ConcurrentSkipListMap<PartitionKey, Partition> partitions = new ConcurrentSkipListMap<>();
    private final Map<String, Long> marks = new HashMap<>();
    private final CopyOnWriteArrayList<TailSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<SegmentFile> corruptSegments = new ConcurrentLinkedQueue<>();
    private final List<CorruptFileException> corruptions = new CopyOnWriteArrayList<>();
    private final Map<Partition, PendingSeal> pendingSeal = new IdentityHashMap<>();

    /** Frozen heads waiting to be sealed, with the WAL generation at which they were frozen. */
    private record PendingSeal(Map<LabelSet, HeadBlock> heads, long generation, long bytes) {
    }
    private final FileChannel lockChannel;
    private final FileLock lock;
    private WriteAheadLog wal;
    private long nextSegmentId;
    private long lastCheckpointNanos = System.nanoTime();
    private volatile boolean capExceeded;
    private volatile boolean closed;
    private volatile boolean wakeRequested;
    private Thread maintenanceThread;

    private LogStore(Path dataDir, StoreConfig config, FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.partitionsDir = dataDir.resolve("partitions");
        this.quarantineDir = dataDir.resolve("quarantine");
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) a store: loads partitions, checks segment files, replays the WAL into head
     * blocks and seals it. Corrupt files found on the way are quarantined and listed in
     * {@link #corruptions()}; the rest is served.
     */
    public static LogStore open(Path dataDir, StoreConfig config) throws IOException {
        config.validate();
        Files.createDirectories(dataDir);
        FileChannel ch = FileChannel.open(dataDir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("data folder " + dataDir + " is in use by another process (LOCK held)");
        }
        LogStore s = new LogStore(dataDir, config, ch, lock);
        try {
            s.load();
        } catch (IOException | RuntimeException e) {
            s.closeQuietly();
            throw e;
        }
        return s;
    }

    private void load() throws IOException {
        Files.createDirectories(partitionsDir);
        deleteTrash();
        for (Path tenantDir : list(partitionsDir)) {
            String tenant = tenantDir.getFileName().toString();
            for (Path dayDir : list(tenantDir)) {
                PartitionKey key;
                try {
                    PartitionKey.checkTenant(tenant);
                    key = new PartitionKey(tenant, PartitionKey.parseDay(dayDir.getFileName().toString()));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring unexpected folder " + dayDir);
                    continue;
                }
                try {
                    Partition p = Partition.open(dayDir, key, config.blockMaxBytes() / 2, this::quarantine);
                    partitions.put(key, p);
                    nextSegmentId = Math.max(nextSegmentId, p.maxSegmentId());
                } catch (CorruptFileException e) {
                    quarantine(dayDir, e);
                }
            }
        }
        nextSegmentId++;
        try {
            marks.putAll(SourceMarks.read(dataDir));
        } catch (CorruptFileException e) {
            quarantine(dataDir.resolve(SourceMarks.FILE), e);
        }
        Path walDir = dataDir.resolve("wal");
        List<Path> walFiles = WriteAheadLog.files(walDir);
        List<Path> corruptWal = new ArrayList<>();
        long maxGen = 0;
        for (Path f : walFiles) {
            long gen = WriteAheadLog.generationOf(f);
            maxGen = Math.max(maxGen, gen);
            try {
                WriteAheadLog.replay(f, r -> replay(r, gen));
            } catch (CorruptFileException e) {
                corruptWal.add(f);
                report(e);
            }
        }
        wal = new WriteAheadLog(walDir, maxGen + 1, metrics.walSyncs::increment);
        // the replayed entries are in heads now: seal them, then set the damaged WAL files aside
        checkpoint(corruptWal);
        LOG.log(System.Logger.Level.INFO, "store " + dataDir + " open: " + partitions.size() + " partitions, "
                + walFiles.size() + " WAL files replayed, " + corruptions.size() + " corrupt files quarantined; config "
                + config);
        if (config.maintenance()) {
            maintenanceThread = Thread.ofPlatform().daemon().name("clusterlog-store-maintenance").start(this::maintenanceLoop);
        }
    }

    private void replay(WalRecord r, long generation) {
        if (r.source() != null) {
            marks.merge(r.source().sourceId(), r.source().endOffset(), Math::max);
        }
        applyToHeads(r.tenant(), r.streams(), generation);
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ appends

    /**
     * Appends entries durably: returns after the WAL record holding them is fsynced (shared with
     * concurrent appends). With a source range already covered by the source's high-water mark
     * nothing is stored and the result says {@link AppendResult.Status#DUPLICATE}; with a range that
     * starts below it and ends above it, {@link AppendResult.Status#OVERLAP}.
     *
     * @throws StoreFullException when the disk or the configured cap has no room
     * @throws IllegalArgumentException for an invalid tenant or a stream without labels
     */
    public AppendResult append(String tenant, List<StreamEntries> streams, SourceRange source) throws IOException {
        PartitionKey.checkTenant(tenant);
        int entries = 0;
        long bytes = 0;
        long cutoff = retentionCutoffNanos();
        for (int i = 0; i < streams.size(); i++) {
            StreamEntries s = streams.get(i);
            if (s.labels().size() == 0) {
                throw new IllegalArgumentException("stream " + i + " has no labels: a stream needs at least one");
            }
            entries += s.entries().size();
            for (int j = 0; j < s.entries().size(); j++) {
                LogEntry e = s.entries().get(j);
                bytes += e.line().length;
                if (e.timestampNanos() < cutoff) {
                    throw new IllegalArgumentException("stream " + i + " entry " + j + ": timestamp " + e.timestampNanos()
                            + " is older than store.retention = " + config.retention() + " (cutoff " + cutoff + ")");
                }
            }
        }
        checkRoom();
        awaitHeadRoom();
        ByteWriter payload = new ByteWriter((int) Math.min(Integer.MAX_VALUE - 64, bytes + entries * 16L + 256));
        payload.writeLong(0); // record header, filled in by the WAL
        WalRecord.encode(tenant, source, streams, payload);
        long marker;
        rw.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("store " + dataDir + " is closed");
            }
            if (source != null) {
                Long hwm = marks.get(source.sourceId());
                if (hwm != null && source.endOffset() <= hwm) {
                    metrics.duplicatesDropped.increment();
                    return new AppendResult(AppendResult.Status.DUPLICATE, 0, 0, hwm);
                }
                if (hwm != null && source.startOffset() < hwm) {
                    metrics.overlapsRejected.increment();
                    return new AppendResult(AppendResult.Status.OVERLAP, 0, 0, hwm);
                }
            }
            marker = wal.append(payload);
            if (source != null) {
                marks.put(source.sourceId(), source.endOffset());
            }
            applyToHeads(tenant, streams, Long.MAX_VALUE);
        } finally {
            rw.writeLock().unlock();
        }
        wal.sync(marker);
        metrics.entriesAppended.add(entries);
        metrics.bytesAppended.add(bytes);
        deliver(tenant, streams);
        if (needsCheckpoint()) {
            requestMaintenance();
        }
        return new AppendResult(AppendResult.Status.ACCEPTED, entries, bytes, source == null ? -1 : source.endOffset());
    }

    /** Write lock held. {@code generation}: the WAL generation of a replayed record (MAX for new data). */
    private void applyToHeads(String tenant, List<StreamEntries> streams, long generation) {
        ByteWriter meta = new ByteWriter(64);
        for (StreamEntries s : streams) {
            long dayStart = 1;
            long dayEnd = 0;
            HeadBlock head = null;
            Partition part = null;
            for (LogEntry e : s.entries()) {
                long t = e.timestampNanos();
                if (t < dayStart || t >= dayEnd) {
                    PartitionKey key = PartitionKey.of(tenant, t);
                    part = partition(key);
                    dayStart = key.startNanos();
                    dayEnd = key.endNanos();
                    head = generation < part.coveredGeneration() ? null : part.head(s.labels());
                }
                if (head == null) {
                    continue;
                }
                meta.reset();
                dev.clusterlog.store.block.BlockData.encodeMetadata(e.metadata(), meta);
                head.append(e.timestampNanos(), e.line(), 0, e.line().length, meta.array(), 0, meta.length());
                part.addHeadBytes(e.line().length + meta.length() + 16L);
                headBytes.add(e.line().length + meta.length() + 16L);
            }
        }
    }

    private Partition partition(PartitionKey key) {
        Partition p = partitions.get(key);
        if (p == null) {
            try {
                p = Partition.create(partitionsDir.resolve(key.tenant()).resolve(key.dayName()), key, config.blockMaxBytes() / 2);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create partition " + key + ": " + e.getMessage(), e);
            }
            partitions.put(key, p);
        }
        return p;
    }

    private void checkRoom() throws IOException {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        if (free < config.minFreeDiskBytes()) {
            metrics.appendsRefusedDiskFull.increment();
            throw new StoreFullException("refusing append: " + free + " bytes free on the file system of " + dataDir
                    + ", below store.min_free_disk = " + config.minFreeDiskBytes());
        }
        if (capExceeded) {
            metrics.appendsRefusedDiskFull.increment();
            throw new StoreFullException("refusing append: the store in " + dataDir + " is over store.disk_cap = "
                    + config.diskCapBytes() + " bytes and retention found nothing more to delete");
        }
    }

    /**
     * Back-pressure: an append waits while the data in memory (live heads plus heads being sealed) is at
     * least twice {@code store.head_max_bytes}, that is while appends come in faster than sealing writes
     * them out; without it a sustained burst grows the heap until it runs out. Waits at most
     * {@link #HEAD_ROOM_WAIT}, then refuses the append with {@link StoreBusyException} (the server
     * answers 503 and clients retry). Without a maintenance thread the appender seals itself.
     */
    private void awaitHeadRoom() throws IOException {
        long limit = 2 * config.headMaxBytes();
        if (headBytes.sum() + sealingBytes.sum() < limit) {
            return;
        }
        metrics.appendsWaitedForSealing.increment();
        if (maintenanceThread == null) {
            flush();
            return;
        }
        long deadline = System.nanoTime() + HEAD_ROOM_WAIT.toNanos();
        roomLock.lock();
        try {
            while (headBytes.sum() + sealingBytes.sum() >= limit) {
                if (closed) {
                    throw new IllegalStateException("store " + dataDir + " is closed");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    metrics.appendsRefusedBusy.increment();
                    throw new StoreBusyException("refusing append: " + (headBytes.sum() + sealingBytes.sum())
                            + " bytes wait in memory to be sealed, twice store.head_max_bytes = " + config.headMaxBytes()
                            + ", for more than " + HEAD_ROOM_WAIT.toSeconds() + " s; sealing is behind, retry later");
                }
                requestMaintenance();
                // the sums change outside this lock: wake up now and then to look again
                roomFreed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the store to seal its heads");
        } finally {
            roomLock.unlock();
        }
    }

    /** Bytes of appended data held in memory: live heads plus heads being sealed (entries plus 16 bytes each). */
    public long unsealedBytes() {
        return headBytes.sum() + sealingBytes.sum();
    }

    private void signalHeadRoom() {
        roomLock.lock();
        try {
            roomFreed.signalAll();
        } finally {
            roomLock.unlock();
        }
    }

    private boolean needsCheckpoint() {
        return headBytes.sum() >= config.headMaxBytes() || wal.currentFileSize() >= config.walMaxBytes();
    }

    // ------------------------------------------------------------------ queries

    /**
     * Runs a query; the cursor streams entries in time order (per {@link SelectRequest#direction()})
     * merged across streams, heads and sealed blocks. Close the cursor when done.
     */
    public EntryCursor select(String tenant, SelectRequest req) throws IOException {
        return new MergeCursor(req, plan(tenant, req), metrics, this::onCorruptRead);
    }

    /** The runs of a query, from every partition it overlaps; each segment they read is acquired once. */
    private List<Run> plan(String tenant, SelectRequest req) throws IOException {
        PartitionKey.checkTenant(tenant);
        metrics.queries.increment();
        List<Query> clauses = WordPlan.clauses(req.requiredSubstrings());
        List<Run> runs = new ArrayList<>();
        Set<SegmentFile> acquired = Collections.newSetFromMap(new IdentityHashMap<>());
        rw.readLock().lock();
        try {
            for (Partition p : partitions.values()) {
                PartitionKey k = p.key();
                if (k.tenant().equals(tenant) && k.endNanos() > req.startNanos() && k.startNanos() < req.endNanos()) {
                    p.plan(req.matchers(), req.startNanos(), req.endNanos(), clauses, runs, acquired);
                }
            }
        } catch (IOException | RuntimeException e) {
            acquired.forEach(SegmentFile::release);
            throw e;
        } finally {
            rw.readLock().unlock();
        }
        return runs;
    }

    /**
     * The same query as {@link #select}, one cursor per stream that has candidate data: planned once (one
     * index lookup per partition for all streams), then the runs are grouped by stream. A stream whose
     * blocks the word index rules out gets no cursor. Each cursor has the request's limit and query
     * limits; close every cursor (each releases the segments its runs read).
     */
    public Map<LabelSet, EntryCursor> selectByStream(String tenant, SelectRequest req) throws IOException {
        List<Run> runs = plan(tenant, req);
        Map<LabelSet, List<Run>> groups = new java.util.TreeMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(r.labels(), l -> new ArrayList<>()).add(r);
        }
        // planning took one reference per segment; each cursor releases the segments of its runs once
        Map<SegmentFile, Integer> cursorsPerSegment = new IdentityHashMap<>();
        for (List<Run> group : groups.values()) {
            Set<SegmentFile> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Run r : group) {
                if (r.segment() != null && seen.add(r.segment())) {
                    cursorsPerSegment.merge(r.segment(), 1, Integer::sum);
                }
            }
        }
        cursorsPerSegment.forEach((seg, n) -> {
            for (int i = 1; i < n; i++) {
                seg.acquire(); // cannot fail: the planning reference is still held
            }
        });
        Map<LabelSet, EntryCursor> out = new java.util.TreeMap<>();
        groups.forEach((labels, group) -> out.put(labels, new MergeCursor(req, group, metrics, this::onCorruptRead)));
        return out;
    }

    /** Streams of a tenant matching the matchers with entries in {@code [startNanos, endNanos)}, sorted. */
    public List<LabelSet> streams(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        PartitionKey.checkTenant(tenant);
        Set<LabelSet> out = new TreeSet<>();
        rw.readLock().lock();
        try {
            for (Partition p : partitions.values()) {
                PartitionKey k = p.key();
                if (k.tenant().equals(tenant) && k.endNanos() > startNanos && k.startNanos() < endNanos) {
                    p.streams(matchers, startNanos, endNanos, out);
                }
            }
        } finally {
            rw.readLock().unlock();
        }
        return new ArrayList<>(out);
    }

    /** Loki's {@code /series}: the same as {@link #streams}. */
    public List<LabelSet> series(String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
        return streams(tenant, matchers, startNanos, endNanos);
    }

    /** Label names of the tenant's streams in the range, sorted. */
    public List<String> labelNames(String tenant, long startNanos, long endNanos) {
        Set<String> names = new TreeSet<>();
        for (LabelSet s : streams(tenant, List.of(), startNanos, endNanos)) {
            names.addAll(s.names());
        }
        return new ArrayList<>(names);
    }

    /** Values of one label over the streams matching {@code matchers} (may be empty) in the range, sorted. */
    public List<String> labelValues(String tenant, String name, List<LabelMatcher> matchers, long startNanos,
                                    long endNanos) {
        Set<String> values = new TreeSet<>();
        for (LabelSet s : streams(tenant, matchers, startNanos, endNanos)) {
            String v = s.get(name);
            if (v != null) {
                values.add(v);
            }
        }
        return new ArrayList<>(values);
    }

    // ------------------------------------------------------------------ tail

    /**
     * Delivers entries appended from now on to streams matching {@code matchers}, once each append is
     * durable, on a thread of the subscription. A listener that falls more than 10,000 batches behind
     * is closed ({@link EntryListener#onClose}).
     */
    public Subscription subscribe(String tenant, List<LabelMatcher> matchers, EntryListener listener) {
        PartitionKey.checkTenant(tenant);
        TailSubscription s = new TailSubscription(tenant, List.copyOf(matchers), listener, subscriptions, metrics);
        subscriptions.add(s);
        return s;
    }

    private void deliver(String tenant, List<StreamEntries> streams) {
        for (TailSubscription s : subscriptions) {
            if (s.tenant.equals(tenant)) {
                for (StreamEntries e : streams) {
                    if (!e.entries().isEmpty() && Partition.matches(s.matchers, e.labels())) {
                        s.offer(e);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ maintenance

    /** Seals every head block into segments now (a checkpoint) and truncates the WAL. */
    public void flush() throws IOException {
        maintenanceLock.lock();
        try {
            checkpoint(List.of());
        } finally {
            maintenanceLock.unlock();
        }
    }

    /**
     * One round of maintenance: handles corrupt segments found by queries, checkpoints when the head or
     * WAL is large or old, merges small blocks, applies retention by age and by disk cap.
     */
    public void runMaintenance() throws IOException {
        maintenanceLock.lock();
        try {
            handleCorruptSegments();
            boolean due = needsCheckpoint() || (System.nanoTime() - lastCheckpointNanos
                    >= config.checkpointInterval().toNanos());
            if (due || !pendingSeal.isEmpty()) {
                checkpoint(List.of());
            }
            merge();
            applyRetention();
        } finally {
            maintenanceLock.unlock();
        }
    }

    private void requestMaintenance() {
        wakeRequested = true;
        if (maintenanceLock.tryLock()) {
            try {
                wake.signalAll();
            } finally {
                maintenanceLock.unlock();
            }
        }
    }

    private void maintenanceLoop() {
        while (!closed) {
            maintenanceLock.lock();
            try {
                if (!wakeRequested) {
                    wake.await(1, TimeUnit.SECONDS);
                }
                wakeRequested = false;
                if (closed) {
                    return;
                }
                runMaintenance();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "store " + dataDir + ": maintenance failed, will retry: " + e);
            } catch (OutOfMemoryError e) {
                // the round's garbage is gone with it; a dead maintenance thread would stop sealing for good
                LOG.log(System.Logger.Level.ERROR, "store " + dataDir + ": maintenance ran out of memory, will retry: " + e);
            } finally {
                maintenanceLock.unlock();
            }
        }
    }

    /** Maintenance lock held. */
    private void checkpoint(List<Path> quarantineWal) throws IOException {
        long generation;
        Map<String, Long> marksSnapshot;
        rw.writeLock().lock();
        try {
            generation = wal.roll();
            for (Partition p : partitions.values()) {
                if (p.hasHeadData() && !pendingSeal.containsKey(p)) {
                    long bytes = p.headBytes();
                    headBytes.add(-bytes);
                    sealingBytes.add(bytes);
                    pendingSeal.put(p, new PendingSeal(p.freeze(), generation, bytes));
                }
            }
            marksSnapshot = new HashMap<>(marks);
        } finally {
            rw.writeLock().unlock();
        }
        // a retried seal keeps the generation of its freeze: newer head data of the partition is not in it
        for (Map.Entry<Partition, PendingSeal> e : new ArrayList<>(pendingSeal.entrySet())) {
            Partition p = e.getKey();
            SegmentFile seg = p.seal(e.getValue().heads(), nextSegmentId++, e.getValue().generation(), config, metrics);
            rw.writeLock().lock();
            try {
                p.publishSeal(seg);
            } finally {
                rw.writeLock().unlock();
            }
            pendingSeal.remove(p);
            sealingBytes.add(-e.getValue().bytes());
            signalHeadRoom();
        }
        SourceMarks.write(dataDir, marksSnapshot);
        for (Path f : quarantineWal) {
            moveToQuarantine(f);
        }
        long oldestNeeded = generation;
        for (PendingSeal ps : pendingSeal.values()) {
            oldestNeeded = Math.min(oldestNeeded, ps.generation() - 1);
        }
        wal.deleteBefore(oldestNeeded);
        lastCheckpointNanos = System.nanoTime();
    }

    private void merge() throws IOException {
        for (Partition p : partitions.values()) {
            Partition.Merge m = p.prepareMerge(nextSegmentId, config, metrics);
            if (m != null) {
                nextSegmentId++;
                rw.writeLock().lock();
                try {
                    p.publishMerge(m);
                } finally {
                    rw.writeLock().unlock();
                }
            }
        }
    }

    private long retentionCutoffNanos() {
        long now = config.clock().millis() * 1_000_000L;
        long r = config.retention().toNanos();
        return now - r;
    }

    private void applyRetention() throws IOException {
        long cutoff = retentionCutoffNanos();
        for (Partition p : new ArrayList<>(partitions.values())) {
            // a partition with unsealed data waits for the next round, after its checkpoint
            if (p.key().endNanos() <= cutoff && !hasUnsealed(p)) {
                deletePartition(p, "older than store.retention = " + config.retention());
            }
        }
        long total = storeSize();
        for (Partition p : new ArrayList<>(partitions.values())) {
            if (total <= config.diskCapBytes()) {
                break;
            }
            if (hasUnsealed(p)) {
                continue;
            }
            long size = p.sizeOnDisk();
            deletePartition(p, "store over store.disk_cap = " + config.diskCapBytes() + " bytes (oldest first)");
            total -= size;
        }
        capExceeded = total > config.diskCapBytes();
    }

    private boolean hasUnsealed(Partition p) {
        rw.readLock().lock();
        try {
            return p.hasUnsealedData() || pendingSeal.containsKey(p);
        } finally {
            rw.readLock().unlock();
        }
    }

    private void deletePartition(Partition p, String why) throws IOException {
        Path trash = partitionsDir.resolve(".trash-" + p.key().tenant() + "-" + p.key().dayName() + "-" + System.nanoTime());
        // under the write lock: an append must not re-create the partition before its folder is gone
        rw.writeLock().lock();
        try {
            if (p.hasUnsealedData()) {
                return;
            }
            partitions.remove(p.key());
            p.close();
            Files.move(p.dir(), trash);
        } finally {
            rw.writeLock().unlock();
        }
        deleteTree(trash);
        metrics.partitionsDeletedRetention.increment();
        LOG.log(System.Logger.Level.INFO, "store " + dataDir + ": deleted partition " + p.key() + ": " + why);
    }

    private void deleteTrash() throws IOException {
        try (var s = Files.list(partitionsDir)) {
            for (Path t : s.filter(p -> p.getFileName().toString().startsWith(".trash-")).toList()) {
                deleteTree(t);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Bytes of the store on disk: segments, indexes and WAL. */
    public long storeSize() throws IOException {
        long n = 0;
        for (Partition p : partitions.values()) {
            n += p.sizeOnDisk();
        }
        for (Path f : WriteAheadLog.files(dataDir.resolve("wal"))) {
            try {
                n += Files.size(f);
            } catch (IOException e) {
                // deleted meanwhile
            }
        }
        return n;
    }

    /** Sizes on disk by kind: segments (compressed blocks), index, WAL. */
    public record DiskUsage(long segmentBytes, long indexBytes, long walBytes) {
        public long total() {
            return segmentBytes + indexBytes + walBytes;
        }
    }

    public DiskUsage diskUsage() throws IOException {
        long seg = 0;
        long idx = 0;
        for (Partition p : partitions.values()) {
            seg += p.segmentBytes();
            idx += p.indexBytes();
        }
        long w = 0;
        for (Path f : WriteAheadLog.files(dataDir.resolve("wal"))) {
            w += Files.size(f);
        }
        return new DiskUsage(seg, idx, w);
    }

    // ------------------------------------------------------------------ corruption

    private void onCorruptRead(SegmentFile seg, CorruptFileException e) {
        report(e);
        corruptSegments.add(seg);
        requestMaintenance();
    }

    private void handleCorruptSegments() throws IOException {
        SegmentFile seg;
        while ((seg = corruptSegments.poll()) != null) {
            for (Partition p : partitions.values()) {
                if (p.segment(seg.segmentId()) == seg) {
                    rw.writeLock().lock();
                    try {
                        p.dropSegment(seg.segmentId());
                    } finally {
                        rw.writeLock().unlock();
                    }
                    moveToQuarantine(seg.path());
                }
            }
        }
    }

    private void report(CorruptFileException e) {
        corruptions.add(e);
        LOG.log(System.Logger.Level.ERROR, "store: corrupt file quarantined, its data is not served: " + e.getMessage());
    }

    private void quarantine(Path file, CorruptFileException e) {
        report(e);
        moveToQuarantine(file);
    }

    private void moveToQuarantine(Path file) {
        try {
            Files.createDirectories(quarantineDir);
            String name = System.currentTimeMillis() + "-" + dataDir.relativize(file).toString().replace('/', '_');
            Files.move(file, quarantineDir.resolve(name));
            metrics.corruptFilesQuarantined.increment();
        } catch (IOException ex) {
            LOG.log(System.Logger.Level.ERROR, "store: cannot move " + file + " to quarantine: " + ex);
        }
    }

    /** Corrupt files found since open (each already quarantined). */
    public List<CorruptFileException> corruptions() {
        return List.copyOf(corruptions);
    }

    public Path quarantineDir() {
        return quarantineDir;
    }

    public StoreMetrics metrics() {
        return metrics;
    }

    public StoreConfig config() {
        return config;
    }

    public Path dataDir() {
        return dataDir;
    }

    // ------------------------------------------------------------------ close

    /** Seals the heads, closes files and subscriptions. Data is durable either way (the WAL holds it). */
    @Override
    public void close() throws IOException {
        rw.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            rw.writeLock().unlock();
        }
        if (maintenanceThread != null) {
            // no interrupt: it would close the FileChannel the thread is writing
            requestMaintenance();
            try {
                maintenanceThread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        maintenanceLock.lock();
        try {
            checkpoint(List.of());
        } finally {
            maintenanceLock.unlock();
            closeQuietly();
        }
    }

    private void closeQuietly() {
        closed = true;
        for (TailSubscription s : subscriptions) {
            s.end("store closed");
        }
        for (Partition p : partitions.values()) {
            try {
                p.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing partition " + p.key() + ": " + e);
            }
        }
        partitions.clear();
        try {
            if (wal != null) {
                wal.close();
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing store " + dataDir + ": " + e);
        }
    }
}
