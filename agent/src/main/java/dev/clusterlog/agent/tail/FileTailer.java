package dev.clusterlog.agent.tail;

import dev.clusterlog.agent.checkpoint.CheckpointStore;
import dev.clusterlog.agent.checkpoint.SourceCheckpoint;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Follows the files a {@link FileDiscovery} lists so that every line is handed on exactly once,
 * in file order, across rotation, truncation, compression, deletion and restarts.
 *
 * <p>Implementation notes. A stream of bytes ({@link TailedSource}) is known by the file's
 * device+inode and a fingerprint of its first bytes. Each {@link #poll()}:
 * <ol>
 * <li>checks every open plain file for truncation (size below the read offset, or first bytes
 *     changed): the old stream is retired (its copy may still appear) and the same handle starts
 *     a new stream at offset 0, which the scan orders after any copy (copytruncate);</li>
 * <li>scans: a path whose inode is open just updates the stream's path (rename rotation keeps
 *     the handle, so the old file is read to its end before its successor, which has a higher
 *     order); an unknown file whose first bytes match a retired or restored stream continues that
 *     stream at its offset: a copytruncate copy, or the {@code .gz} kubelet made of a rotated file
 *     (offsets are in uncompressed bytes); other {@code .gz} files are never started (they hold
 *     lines already read); anything else is a new stream from offset 0;</li>
 * <li>reads every stream in order of first sight, whole lines only (a line longer than the limit
 *     is cut), while the handler accepts;</li>
 * <li>drops streams whose file is gone, read to the end and acknowledged, or gone longer than
 *     the grace time (counted with the bytes left unread).</li>
 * </ol>
 * Checkpoints hold only acknowledged offsets ({@link #acknowledge}); after a restart reading
 * continues from them, with the handler state given at that offset. They also hold the ends of
 * the batches in flight ({@link #inFlight}); after a restart the bytes read are split at those
 * ends and {@link SourceHandler#cutHere} is called there, so the batches the store may have are
 * cut again with the same ranges. {@link #requestRewind} reads a stream again from an offset. Thread-safety: all public
 * methods are synchronized; the handler is called on the polling thread only.
 */
public final class FileTailer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileTailer.class.getName());

    /** Tuning. {@code maxLineBytes}: a longer physical line is handed on in cut pieces. */
    public record Options(int maxLineBytes, boolean startAtEnd, long deletedGraceNanos, long unterminatedFlushNanos) {
        public static Options defaults() {
            return new Options(1 << 20, false, 60_000_000_000L, 1_000_000_000L);
        }
    }

    private final FileDiscovery discovery;
    private final CheckpointStore store;
    private final SourceHandler handler;
    private final Options options;
    private final LongSupplier nanoClock;
    private final Map<String, TailedSource> sources = new LinkedHashMap<>();
    private final Map<FileKey, TailedSource> byKey = new HashMap<>();
    /** Files not to read (compressed copies of lines already read), with their size and mtime against inode reuse. */
    private final Map<FileKey, String> ignored = new HashMap<>();
    private byte[] buf = new byte[64 * 1024];
    private long nextSeq;
    private boolean dirty;
    /** Streams added, dropped or fingerprinted since the last checkpoint write. */
    private boolean identitiesChanged;
    private boolean firstScan = true;
    private long lastCheckpointNanos;

    public final AtomicLong linesCut = new AtomicLong();
    public final AtomicLong truncations = new AtomicLong();
    public final AtomicLong deletedUnreadBytes = new AtomicLong();
    public final AtomicLong vanishedSources = new AtomicLong();
    public final AtomicLong readErrors = new AtomicLong();
    public final AtomicLong bytesRead = new AtomicLong();
    public final AtomicLong checkpointErrors = new AtomicLong();

    public FileTailer(FileDiscovery discovery, CheckpointStore store, SourceHandler handler, Options options,
            LongSupplier nanoClock) {
        this.discovery = discovery;
        this.store = store;
        this.handler = handler;
        this.options = options;
        this.nanoClock = nanoClock;
    }

    /** Restores the checkpoint and opens what the first scan finds. */
    public synchronized void start() throws IOException {
        if (store != null) {
            List<SourceCheckpoint> restored;
            try {
                restored = store.read();
            } catch (CheckpointStore.CorruptCheckpointException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage()
                        + "; starting every file from its beginning (lines may repeat); kept as .corrupt");
                Files.move(store.file(), store.file().resolveSibling(store.file().getFileName() + ".corrupt"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                restored = List.of();
            }
            for (SourceCheckpoint c : restored) {
                TailedSource s = new TailedSource(c.id(), c.seq(), c.fingerprint(), c.offset());
                s.key = new FileKey(c.device(), c.inode());
                s.path = c.path().isEmpty() ? null : Path.of(c.path());
                s.ackedState = c.state();
                long[] cuts = java.util.Arrays.stream(c.inFlight()).filter(e -> e > c.offset()).sorted().distinct().toArray();
                for (long e : cuts) {
                    s.inFlight.addLast(e);
                }
                s.cutPoints = cuts;
                s.retired = true;
                sources.put(s.id, s);
                nextSeq = Math.max(nextSeq, c.seq() + 1);
                handler.open(s, c.state());
            }
            firstScan = restored.isEmpty();
        }
        scan();
        firstScan = false;
        writeCheckpointQuietly();
    }

    /** One round: truncation checks, a scan, reading, cleanup. Returns the bytes read. */
    public synchronized long poll() throws IOException {
        applyRewinds();
        checkTruncations();
        scan();
        long n = readAll();
        if (identitiesChanged) {
            // a stream seen (and its fingerprint) must survive a crash even before anything of it
            // is acknowledged: otherwise its file, compressed meanwhile, could not be recognised
            writeCheckpointQuietly();
        }
        return n;
    }

    private void writeCheckpointQuietly() {
        try {
            writeCheckpoint();
        } catch (IOException e) {
            checkpointErrors.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "writing checkpoint " + store.file() + ": " + e);
        }
    }

    /** Reads what is new in the files already open, without a scan. */
    public synchronized long readOnly() throws IOException {
        applyRewinds();
        checkTruncations();
        return readAll();
    }

    private long readAll() {
        long before = bytesRead.get();
        List<TailedSource> ordered = new ArrayList<>(sources.values());
        ordered.sort(Comparator.comparingLong(s -> s.seq));
        for (TailedSource s : ordered) {
            if (!s.bound()) {
                continue;
            }
            try {
                if (s.gzip != null) {
                    readGzip(s);
                } else {
                    readPlain(s);
                }
            } catch (IOException e) {
                readErrors.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "reading " + s.path + " at byte " + s.readOffset + ": " + e
                        + "; the rest of this file is skipped");
                s.closeFile();
                s.gzipEnded = true;
                s.retired = true;
                s.scansSinceRetired = Integer.MAX_VALUE / 2;
            }
        }
        dropFinished();
        return bytesRead.get() - before;
    }

    /** The output has everything of a stream up to {@code offset}; {@code state} is the handler's state there. */
    public synchronized void acknowledge(String sourceId, long offset, byte[] state) {
        TailedSource s = sources.get(sourceId);
        if (s != null && offset >= s.ackedOffset) {
            s.ackedOffset = offset;
            s.ackedState = state;
            while (!s.inFlight.isEmpty() && s.inFlight.peekFirst() <= offset) {
                s.inFlight.pollFirst();
            }
            dirty = true;
        }
    }

    /**
     * A batch of the stream ending at {@code endOffset} is about to be sent: recorded in the next
     * checkpoint write (which must happen before the send), so that after a crash batches are cut
     * at the same offsets again. False when the stream is no longer tracked.
     */
    public synchronized boolean inFlight(String sourceId, long endOffset) {
        TailedSource s = sources.get(sourceId);
        if (s == null) {
            return false;
        }
        if (s.inFlight.isEmpty() || s.inFlight.peekLast() < endOffset) {
            s.inFlight.addLast(endOffset);
            dirty = true;
        }
        return true;
    }

    /**
     * The store has the stream up to {@code offset} and refused a batch overlapping it: reading
     * starts again there with fresh handler state at the next poll (on the polling thread), and
     * its in-flight records are cleared.
     */
    public synchronized void requestRewind(String sourceId, long offset) {
        rewinds.put(sourceId, offset);
    }

    private final Map<String, Long> rewinds = new LinkedHashMap<>();

    private void applyRewinds() {
        for (Map.Entry<String, Long> r : rewinds.entrySet()) {
            TailedSource s = sources.get(r.getKey());
            if (s == null || !s.bound()) {
                LOG.log(System.Logger.Level.ERROR, "source " + r.getKey() + ": cannot read again from byte " + r.getValue()
                        + ", its file is gone; the lines after it that the store refused are lost");
                continue;
            }
            rewind(s, r.getValue());
        }
        rewinds.clear();
    }

    private void rewind(TailedSource s, long offset) {
        try {
            if (s.gzip != null) {
                s.gzip.close();
                s.gzip = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(s.path), 65536), 65536);
                s.gzipPosition = 0;
                s.gzipCarry = new byte[0];
                s.gzipEnded = false;
                long toSkip = offset;
                while (toSkip > 0) {
                    long n = s.gzip.skip(toSkip);
                    if (n <= 0) {
                        break;
                    }
                    toSkip -= n;
                    s.gzipPosition += n;
                }
            }
        } catch (IOException e) {
            readErrors.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "reading " + s.path + " again from byte " + offset + ": " + e
                    + "; the lines after it that the store refused are lost");
            return;
        }
        s.readOffset = offset;
        s.ackedOffset = Math.min(s.ackedOffset, offset);
        s.inFlight.clear();
        s.cutPoints = new long[0];
        s.nextCut = 0;
        dirty = true;
        handler.reset(s);
    }

    /** Writes the checkpoint if anything changed since the last write. */
    public synchronized void writeCheckpoint() throws IOException {
        if (store == null || !dirty) {
            return;
        }
        List<SourceCheckpoint> entries = new ArrayList<>(sources.size());
        for (TailedSource s : sources.values()) {
            if (s.key == null) {
                continue;
            }
            entries.add(new SourceCheckpoint(s.id, s.seq, s.key.device(), s.key.inode(), s.fingerprint,
                    s.path == null ? "" : s.path.toString(), s.ackedOffset, s.ackedState,
                    s.inFlight.stream().mapToLong(Long::longValue).toArray()));
        }
        store.write(entries);
        dirty = false;
        identitiesChanged = false;
        lastCheckpointNanos = nanoClock.getAsLong();
    }

    /** Nanos (of the tailer's clock) of the last checkpoint write, 0 when none yet. */
    public synchronized long lastCheckpointNanos() {
        return lastCheckpointNanos;
    }

    /** A snapshot for metrics and tests. */
    public record SourceStatus(String id, Path path, FileKey key, long readOffset, long ackedOffset, long size, boolean open) {
    }

    public synchronized List<SourceStatus> status() {
        List<SourceStatus> out = new ArrayList<>();
        for (TailedSource s : sources.values()) {
            long size = -1;
            try {
                if (s.channel != null) {
                    size = s.channel.size();
                }
            } catch (IOException e) {
                size = -1;
            }
            out.add(new SourceStatus(s.id, s.path, s.key, s.readOffset, s.ackedOffset, size, s.bound()));
        }
        return out;
    }

    /** True while a deleted file is still being read or awaits acknowledgement. */
    public synchronized boolean drainingDeleted() {
        for (TailedSource s : sources.values()) {
            if (s.bound() && s.goneSinceNanos >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Closes every file without writing a checkpoint (call {@link #writeCheckpoint()} first). */
    @Override
    public synchronized void close() {
        for (TailedSource s : sources.values()) {
            s.closeFile();
        }
    }

    private void checkTruncations() {
        for (TailedSource s : new ArrayList<>(sources.values())) {
            if (s.channel == null) {
                continue;
            }
            try {
                long size = s.channel.size();
                byte[] now = Fingerprint.read(s.channel);
                boolean truncated = size < s.readOffset || !Fingerprint.matches(s.fingerprint, now) && s.fingerprint.length > 0;
                if (!truncated) {
                    if (now.length > s.fingerprint.length) {
                        s.fingerprint = now;
                        markIdentitiesChanged();
                    }
                    continue;
                }
                // the file starts a new stream at 0 on the same handle (it may be deleted already);
                // the scan places it after any copy of its old content (rotated names sort first)
                truncations.incrementAndGet();
                TailedSource fresh = newSource(s.key, now, 0);
                fresh.channel = s.channel;
                fresh.path = s.path;
                fresh.goneSinceNanos = s.goneSinceNanos;
                byKey.put(s.key, fresh);
                s.channel = null;
                s.retired = true;
                s.scansSinceRetired = 0;
            } catch (IOException e) {
                readErrors.incrementAndGet();
            }
        }
    }

    private void markIdentitiesChanged() {
        identitiesChanged = true;
        dirty = true;
    }

    private TailedSource newSource(FileKey key, byte[] fingerprint, long offset) {
        long seq = nextSeq++;
        String id = Long.toHexString(key.device()) + "-" + Long.toHexString(key.inode()) + "-"
                + Long.toHexString(System.currentTimeMillis()) + "-" + seq;
        TailedSource s = new TailedSource(id, seq, fingerprint, offset);
        s.key = key;
        sources.put(id, s);
        markIdentitiesChanged();
        handler.open(s, null);
        return s;
    }

    /**
     * Rotated names first: {@code X.<suffix>} sorts before {@code X}; numbered siblings
     * ({@code X.2}, {@code X.1}) highest first; otherwise by name (kubelet's timestamps sort in time order).
     */
    static int rotationOrder(Path a, Path b) {
        int d = String.valueOf(a.getParent()).compareTo(String.valueOf(b.getParent()));
        if (d != 0) {
            return d;
        }
        String x = a.getFileName().toString();
        String y = b.getFileName().toString();
        if (y.startsWith(x + ".")) {
            return 1;
        }
        if (x.startsWith(y + ".")) {
            return -1;
        }
        int dx = x.lastIndexOf('.');
        int dy = y.lastIndexOf('.');
        if (dx > 0 && dx == dy && x.regionMatches(0, y, 0, dx) && isDigits(x, dx + 1) && isDigits(y, dy + 1)) {
            // Docker json-file and logrotate numbering: .2 is older than .1
            return Long.compare(Long.parseLong(y.substring(dy + 1)), Long.parseLong(x.substring(dx + 1)));
        }
        return x.compareTo(y);
    }

    private static boolean isDigits(String s, int from) {
        if (from >= s.length() || s.length() - from > 18) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private void scan() throws IOException {
        List<Path> paths = new ArrayList<>(discovery.discover());
        paths.sort(FileTailer::rotationOrder);
        Set<FileKey> seen = new HashSet<>();
        for (Path path : paths) {
            FileKey key;
            try {
                key = FileKey.of(path);
            } catch (IOException e) {
                continue; // gone between listing and stat
            }
            seen.add(key);
            String stamp = stamp(path);
            if (stamp.equals(ignored.get(key))) {
                continue;
            }
            ignored.remove(key);
            TailedSource open = byKey.get(key);
            if (open != null && open.channel != null) {
                open.path = path;
                open.goneSinceNanos = -1;
                if (open.readOffset == 0) {
                    // nothing read yet: it takes its place after files found now that sort before it
                    // (a copy of content it held before a truncation we could not see)
                    open.seq = nextSeq++;
                }
                continue;
            }
            boolean gz = Fingerprint.isGzip(path);
            byte[] fp;
            try {
                fp = Fingerprint.read(path);
            } catch (IOException e) {
                unreadable(path, key, stamp, e);
                continue;
            }
            TailedSource match = null;
            if (!gz) {
                for (TailedSource s : sources.values()) {
                    if (s.retired && key.equals(s.key) && Fingerprint.matches(s.fingerprint, fp)) {
                        match = s;
                        break;
                    }
                }
            }
            if (match == null) {
                for (TailedSource s : sources.values()) {
                    if (s.retired && Fingerprint.matches(s.fingerprint, fp)) {
                        match = s;
                        break;
                    }
                }
            }
            if (match != null) {
                if (!gz && Files.size(path) < match.readOffset) {
                    match = null; // same first bytes but shorter: rewritten, not a continuation
                } else {
                    try {
                        bind(match, path, key, gz, fp);
                    } catch (IOException e) {
                        unreadable(path, key, stamp, e);
                        match.closeFile();
                        match.retired = true;
                    }
                    continue;
                }
            }
            if (gz) {
                ignored.put(key, stamp); // compressed lines were read from the file before it was compressed
                continue;
            }
            boolean copyOfOpen = false;
            for (TailedSource s : sources.values()) {
                if (s.channel != null && Fingerprint.matches(s.fingerprint, fp)) {
                    copyOfOpen = true; // a copy of a file still open: it matters only once the original is truncated
                    break;
                }
            }
            if (copyOfOpen) {
                continue;
            }
            long offset = firstScan && options.startAtEnd() ? Files.size(path) : 0;
            try {
                FileChannel.open(path).close(); // readable? (a permission error must not stop the scan)
            } catch (IOException e) {
                unreadable(path, key, stamp, e);
                continue;
            }
            TailedSource fresh = newSource(key, fp, offset);
            try {
                bind(fresh, path, key, false, fp);
            } catch (IOException e) {
                unreadable(path, key, stamp, e);
                fresh.retired = true;
            }
        }
        long now = nanoClock.getAsLong();
        for (TailedSource s : sources.values()) {
            if (s.channel != null && !seen.contains(s.key) && s.goneSinceNanos < 0) {
                s.goneSinceNanos = now;
            }
            if (s.retired) {
                s.scansSinceRetired++;
            }
        }
        ignored.keySet().retainAll(seen);
    }

    private void unreadable(Path path, FileKey key, String stamp, IOException e) {
        readErrors.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "cannot read " + path + ": " + e
                + "; skipped until it changes (counted as read_error)");
        ignored.put(key, stamp);
    }

    private static String stamp(Path path) {
        try {
            var attrs = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
            return attrs.size() + "/" + attrs.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "";
        }
    }

    private void bind(TailedSource s, Path path, FileKey key, boolean gz, byte[] fp) throws IOException {
        if (s.readOffset == 0) {
            s.seq = nextSeq++; // nothing read: placed by this scan's name order, like any new file
        }
        s.path = path;
        s.key = key;
        s.retired = false;
        s.goneSinceNanos = -1;
        if (fp.length > s.fingerprint.length) {
            s.fingerprint = fp;
        }
        if (gz) {
            s.gzip = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(path), 65536), 65536);
            s.gzipPosition = 0;
            s.gzipCarry = new byte[0];
            s.gzipEnded = false;
            long toSkip = s.readOffset;
            while (toSkip > 0) {
                long n = s.gzip.skip(toSkip);
                if (n <= 0) {
                    break;
                }
                toSkip -= n;
                s.gzipPosition += n;
            }
            ignored.put(key, stamp(path));
        } else {
            s.channel = FileChannel.open(path);
            byKey.put(key, s);
        }
        markIdentitiesChanged();
    }

    private void readPlain(TailedSource s) throws IOException {
        while (handler.canAccept()) {
            long size = s.channel.size();
            if (s.readOffset >= size) {
                return;
            }
            int want = (int) Math.min(buf.length, size - s.readOffset);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
            while (bb.hasRemaining()) {
                if (s.channel.read(bb, s.readOffset + bb.position()) <= 0) {
                    break;
                }
            }
            int n = bb.position();
            if (s.fingerprint.length < Fingerprint.LENGTH && s.readOffset == 0 && n > s.fingerprint.length) {
                s.fingerprint = java.util.Arrays.copyOf(buf, Math.min(n, Fingerprint.LENGTH));
                markIdentitiesChanged();
            }
            int last = lastNewline(buf, n);
            if (last >= 0) {
                deliver(s, 0, last + 1);
                continue;
            }
            if (n == buf.length) {
                if (buf.length <= options.maxLineBytes()) {
                    buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, options.maxLineBytes() + 1));
                    continue;
                }
                linesCut.incrementAndGet();
                deliver(s, 0, n); // a line over the limit: handed on cut, marked by the missing newline
                continue;
            }
            // an unterminated last line: wait for its end, unless the file is finished
            if (s.goneSinceNanos >= 0 && nanoClock.getAsLong() - s.goneSinceNanos >= options.unterminatedFlushNanos()) {
                deliver(s, 0, n);
            }
            return;
        }
    }

    private void readGzip(TailedSource s) throws IOException {
        while (!s.gzipEnded && handler.canAccept()) {
            int c = s.gzipCarry.length;
            if (c >= buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, options.maxLineBytes() + 1));
            }
            System.arraycopy(s.gzipCarry, 0, buf, 0, c);
            int n = s.gzip.readNBytes(buf, c, buf.length - c);
            int total = c + n;
            if (n == 0) {
                s.gzipEnded = true;
                if (total > 0) {
                    deliver(s, 0, total); // the last line of a finished file
                }
                s.gzipCarry = new byte[0];
                return;
            }
            int last = lastNewline(buf, total);
            int end = last >= 0 ? last + 1 : (total >= options.maxLineBytes() ? total : 0);
            if (last < 0 && end > 0) {
                linesCut.incrementAndGet();
            }
            s.gzipCarry = java.util.Arrays.copyOfRange(buf, end, total);
            if (end > 0) {
                deliver(s, 0, end);
            }
        }
    }

    private void deliver(TailedSource s, int off, int len) {
        while (s.nextCut < s.cutPoints.length) {
            long cut = s.cutPoints[s.nextCut];
            if (cut <= s.readOffset) {
                s.nextCut++;
                continue;
            }
            if (cut >= s.readOffset + len) {
                break;
            }
            // a batch of the last run ended inside these bytes: cut there again (it is a line end
            // of the same bytes), so the store sees the same range and recognises it
            int part = (int) (cut - s.readOffset);
            deliverPart(s, off, part);
            handler.cutHere(s);
            s.nextCut++;
            off += part;
            len -= part;
        }
        if (s.nextCut < s.cutPoints.length && s.cutPoints[s.nextCut] == s.readOffset + len) {
            deliverPart(s, off, len);
            handler.cutHere(s);
            s.nextCut++;
            return;
        }
        deliverPart(s, off, len);
    }

    private void deliverPart(TailedSource s, int off, int len) {
        long start = s.readOffset;
        s.readOffset += len;
        bytesRead.addAndGet(len);
        handler.lines(s, buf, off, len, start);
    }

    private static int lastNewline(byte[] b, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void dropFinished() {
        long now = nanoClock.getAsLong();
        var it = sources.values().iterator();
        while (it.hasNext()) {
            TailedSource s = it.next();
            boolean acked = s.ackedOffset >= s.readOffset;
            boolean drop = false;
            if (s.gzip != null) {
                drop = s.gzipEnded && acked;
            } else if (s.channel != null && s.goneSinceNanos >= 0) {
                long size;
                try {
                    size = s.channel.size();
                } catch (IOException e) {
                    size = s.readOffset;
                }
                if (s.readOffset >= size && acked) {
                    drop = true;
                } else if (now - s.goneSinceNanos > options.deletedGraceNanos()) {
                    deletedUnreadBytes.addAndGet(Math.max(0, size - s.readOffset));
                    LOG.log(System.Logger.Level.WARNING, "deleted file " + s.path + " not finished within the grace time: "
                            + (size - s.readOffset) + " bytes unread");
                    drop = true;
                }
            } else if (s.retired && acked && s.scansSinceRetired >= 2) {
                if (s.channel == null && s.gzip == null && s.scansSinceRetired < Integer.MAX_VALUE / 2) {
                    vanishedSources.incrementAndGet();
                }
                drop = true;
            }
            if (drop) {
                if (s.channel != null && byKey.get(s.key) == s) {
                    byKey.remove(s.key);
                }
                s.closeFile();
                it.remove();
                markIdentitiesChanged();
                handler.close(s);
            }
        }
    }
}
