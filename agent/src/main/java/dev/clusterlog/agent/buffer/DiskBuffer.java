package dev.clusterlog.agent.buffer;

import dev.clusterlog.agent.pipeline.Batch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A disk queue of batches between the pipeline and the output, so that a backend outage longer
 * than kubelet keeps the log files loses nothing: a batch is acknowledged to its tailer once it
 * is here (fsynced), and delivered from here, also after a restart.
 *
 * <p>Files: segments {@code seg-<n>.buf} of at most {@link #SEGMENT_BYTES} and a cursor
 * {@code cursor} (the next record to deliver), replaced atomically.
 * <pre>
 * segment := MAGIC:u32 ('CLBF') VERSION:u32 (1) record*
 * record  := length:i32 crc:i32 (CRC32C of payload) payload:byte{length}   (payload: {@link BatchCodec})
 * cursor  := MAGIC:u32 ('CLBC') VERSION:u32 segment:u64 offset:u64 crc:i32 (CRC32C of the 20 bytes before)
 * </pre>
 * A record that fails its check (a torn write at a crash) ends its segment: reading goes on with
 * the next segment, and the skip is counted. Fully delivered segments are deleted. Thread-safety:
 * synchronized; one writer (the tailer thread) and one reader (the delivery thread).
 */
public final class DiskBuffer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DiskBuffer.class.getName());
    public static final int MAGIC = 0x434c4246;
    public static final int CURSOR_MAGIC = 0x434c4243;
    public static final int VERSION = 1;
    public static final long SEGMENT_BYTES = 8 << 20;
    private static final int HEADER = 8;

    private final Path dir;
    private final long quotaBytes;
    private final TreeMap<Long, Long> segments = new TreeMap<>(); // number -> size
    private FileChannel writer;
    private long writeSegment;
    private long readSegment;
    private long readOffset;
    private long skippedRecords;

    public DiskBuffer(Path dir, long quotaBytes) throws IOException {
        this.dir = dir;
        this.quotaBytes = quotaBytes;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "seg-*.buf")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                segments.put(Long.parseLong(n.substring(4, n.length() - 4)), Files.size(f));
            }
        }
        boolean hadCursor = readCursor();
        // a new segment on every start: an old one may end in a torn record
        writeSegment = segments.isEmpty() ? (hadCursor ? readSegment + 1 : 0) : segments.lastKey() + 1;
        if (segments.isEmpty()) {
            readSegment = writeSegment;
            readOffset = HEADER;
        } else if (!hadCursor || readSegment < segments.firstKey()) {
            readSegment = segments.firstKey();
            readOffset = HEADER;
        }
        openWriter();
    }

    private Path segment(long n) {
        return dir.resolve("seg-" + n + ".buf");
    }

    private void openWriter() throws IOException {
        writer = FileChannel.open(segment(writeSegment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writer.write(ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).flip());
        segments.put(writeSegment, (long) HEADER);
    }

    private boolean readCursor() throws IOException {
        Path c = dir.resolve("cursor");
        if (!Files.exists(c)) {
            return false;
        }
        byte[] b = Files.readAllBytes(c);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, Math.max(0, b.length - 4));
        ByteBuffer bb = ByteBuffer.wrap(b);
        if (b.length != 28 || bb.getInt() != CURSOR_MAGIC || bb.getInt() != VERSION
                || (int) crc.getValue() != ByteBuffer.wrap(b, 24, 4).getInt()) {
            LOG.log(System.Logger.Level.WARNING, "buffer cursor " + c + " corrupt: delivering from the oldest segment (lines may repeat)");
            return false;
        }
        readSegment = bb.getLong();
        readOffset = bb.getLong();
        return true;
    }

    private void writeCursor() throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(28).putInt(CURSOR_MAGIC).putInt(VERSION).putLong(readSegment).putLong(readOffset);
        CRC32C crc = new CRC32C();
        crc.update(bb.array(), 0, 24);
        bb.putInt((int) crc.getValue()).flip();
        Path tmp = dir.resolve("cursor.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(bb);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Bytes on disk not yet delivered (approximately: whole segments). */
    public synchronized long bytes() {
        long n = 0;
        for (long size : segments.values()) {
            n += size;
        }
        return n - (readOffset - HEADER);
    }

    public synchronized boolean hasRoom() {
        return bytes() < quotaBytes;
    }

    public synchronized long skippedRecords() {
        return skippedRecords;
    }

    /** Appends a batch durably. */
    public synchronized void append(Batch batch) throws IOException {
        byte[] payload = BatchCodec.encode(batch);
        if (segments.get(writeSegment) + payload.length > SEGMENT_BYTES && segments.get(writeSegment) > HEADER) {
            writer.close();
            writeSegment++;
            openWriter();
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer bb = ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        while (bb.hasRemaining()) {
            writer.write(bb);
        }
        writer.force(false);
        segments.merge(writeSegment, (long) (8 + payload.length), Long::sum);
        notifyAll();
    }

    /** The next undelivered batch, or null when none (after waiting up to the given millis). */
    public synchronized Batch peek(long waitMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            Long size = segments.get(readSegment);
            if (size != null && readOffset < size) {
                try (FileChannel ch = FileChannel.open(segment(readSegment))) {
                    ByteBuffer head = ByteBuffer.allocate(8);
                    while (head.hasRemaining() && ch.read(head, readOffset + head.position()) > 0) {
                        // read the header fully
                    }
                    boolean whole = !head.hasRemaining();
                    head.flip();
                    int len = whole ? head.getInt() : -1;
                    int crc = whole ? head.getInt() : 0;
                    if (len >= 0 && readOffset + 8 + len <= size) {
                        ByteBuffer payload = ByteBuffer.allocate(len);
                        while (payload.hasRemaining() && ch.read(payload, readOffset + 8 + payload.position()) > 0) {
                            // read fully
                        }
                        CRC32C c = new CRC32C();
                        c.update(payload.array());
                        if ((int) c.getValue() == crc) {
                            return BatchCodec.decode(payload.array());
                        }
                    }
                }
                skippedRecords++;
                LOG.log(System.Logger.Level.ERROR, "buffer segment " + segment(readSegment) + ": bad record at byte " + readOffset
                        + " (torn write?): the rest of the segment is skipped");
                segments.put(readSegment, readOffset);
            }
            if (readSegment < writeSegment) {
                Files.deleteIfExists(segment(readSegment));
                segments.remove(readSegment);
                readSegment = segments.isEmpty() ? writeSegment : segments.firstKey();
                readOffset = HEADER;
                writeCursor();
                continue;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
    }

    /** The batch {@link #peek} returned is delivered. */
    public synchronized void advance() throws IOException {
        try (FileChannel ch = FileChannel.open(segment(readSegment))) {
            ByteBuffer head = ByteBuffer.allocate(4);
            ch.read(head, readOffset);
            readOffset += 8 + head.flip().getInt();
        }
        writeCursor();
    }

    public synchronized boolean empty() {
        Long size = segments.get(readSegment);
        return readSegment == writeSegment && (size == null || readOffset >= size);
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
        notifyAll();
    }
}
