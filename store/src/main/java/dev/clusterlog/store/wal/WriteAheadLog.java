package dev.clusterlog.store.wal;

import dev.clusterlog.core.io.CorruptFileException;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.Fsync;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead log: a sequence of generation files {@code wal-<generation>.wal} in one folder.
 * <pre>
 * file   := header record*
 * header := MAGIC:u32 ("CLWL") VERSION:u32 (1) generation:u64 crc:u32   (CRC32C of the 16 bytes before it)
 * record := length:u32 crc:u32 payload:bytes[length]                   (crc = CRC32C of payload; {@link WalRecord})
 * </pre>
 * All integers little-endian.
 *
 * <p>Implementation notes: group commit. {@link #append} writes a record into the current file (no
 * fsync) and returns a marker, the log's total byte count after the record. {@link #sync} makes every
 * byte up to the marker durable: the first caller to take the sync lock fsyncs everything written so
 * far, so concurrent appenders that wrote meanwhile share one fsync. {@link #roll} starts a new
 * generation after making the old one durable; a generation whose data is all in sealed segments is
 * deleted by the store.
 */
public final class WriteAheadLog implements AutoCloseable {
    public static final int MAGIC = 0x4C574C43; // "CLWL"
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 20;
    public static final int MAX_RECORD = 256 << 20;

    private final Path dir;
    private final ReentrantLock syncLock = new ReentrantLock();
    private FileChannel channel;
    private long generation;
    private long fileSize;
    private volatile long written;
    private volatile long durable;
    private final Runnable onSync;

    public WriteAheadLog(Path dir, long generation, Runnable onSync) throws IOException {
        this.dir = dir;
        this.onSync = onSync;
        Files.createDirectories(dir);
        openGeneration(generation);
    }

    public static String fileName(long generation) {
        return String.format("wal-%016d.wal", generation);
    }

    public static long generationOf(Path file) {
        String n = file.getFileName().toString();
        return Long.parseLong(n.substring(4, n.length() - 4));
    }

    /** The existing WAL files in a folder, oldest generation first. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("wal-\\d{16}\\.wal")).sorted().toList();
        }
    }

    private void openGeneration(long gen) throws IOException {
        Path p = dir.resolve(fileName(gen));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteWriter h = new ByteWriter(HEADER_LENGTH);
        h.writeInt(MAGIC);
        h.writeInt(VERSION);
        h.writeLong(gen);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 16);
        h.writeInt((int) crc.getValue());
        writeFully(ch, h.array(), h.length());
        ch.force(true);
        Fsync.directory(dir);
        channel = ch;
        generation = gen;
        fileSize = HEADER_LENGTH;
    }

    private static void writeFully(FileChannel ch, byte[] b, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }

    public synchronized long generation() {
        return generation;
    }

    public synchronized long currentFileSize() {
        return fileSize;
    }

    /**
     * Appends one record whose payload is {@code payload[8, length)}: the first 8 bytes are reserved for
     * the record header, filled in here. Returns the marker to pass to {@link #sync}.
     */
    public synchronized long append(ByteWriter payload) throws IOException {
        int n = payload.length() - 8;
        if (n > MAX_RECORD) {
            throw new IOException("WAL record of " + n + " bytes exceeds the maximum of " + MAX_RECORD);
        }
        CRC32C crc = new CRC32C();
        crc.update(payload.array(), 8, n);
        payload.setInt(0, n);
        payload.setInt(4, (int) crc.getValue());
        // an interrupt during FileChannel I/O closes the channel for every appender: hold it back
        boolean interrupted = Thread.interrupted();
        try {
            writeFully(channel, payload.array(), payload.length());
        } catch (IOException e) {
            // cut a partly written record off, so that later records are not stranded behind it
            channel.truncate(fileSize);
            channel.position(fileSize);
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        fileSize += payload.length();
        written += payload.length();
        return written;
    }

    /** Returns once every record up to {@code marker} is on disk; one fsync serves all waiting callers. */
    public void sync(long marker) throws IOException {
        if (durable >= marker) {
            return;
        }
        syncLock.lock();
        try {
            if (durable >= marker) {
                return;
            }
            long target;
            FileChannel ch;
            synchronized (this) {
                target = written;
                ch = channel;
            }
            boolean interrupted = Thread.interrupted();
            try {
                ch.force(false);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            durable = target;
            onSync.run();
        } finally {
            syncLock.unlock();
        }
    }

    /** Makes the current generation durable, closes it and starts the next; returns the new generation. */
    public long roll() throws IOException {
        syncLock.lock();
        try {
            synchronized (this) {
                channel.force(false);
                durable = written;
                channel.close();
                openGeneration(generation + 1);
                return generation;
            }
        } finally {
            syncLock.unlock();
        }
    }

    /**
     * Reads a WAL file's records in order. Stops at the first record that is truncated or fails its
     * checksum and throws {@link CorruptFileException} naming the offset, after passing on every good
     * record before it.
     */
    public static void replay(Path file, Consumer<WalRecord> consumer) throws IOException {
        // streamed record by record: a WAL can be as large as the head, so it is never read whole
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = new byte[HEADER_LENGTH];
            int n = in.readNBytes(header, 0, HEADER_LENGTH);
            if (n < HEADER_LENGTH) {
                throw new CorruptFileException(file, n, "truncated header: " + n + " of " + HEADER_LENGTH + " bytes");
            }
            if (ByteWriter.readInt(header, 0) != MAGIC) {
                throw new CorruptFileException(file, 0, String.format("bad magic 0x%08x, expected 0x%08x",
                        ByteWriter.readInt(header, 0), MAGIC));
            }
            if (ByteWriter.readInt(header, 4) != VERSION) {
                throw new CorruptFileException(file, 4, "unsupported version " + ByteWriter.readInt(header, 4)
                        + ", expected " + VERSION);
            }
            CRC32C crc = new CRC32C();
            crc.update(header, 0, 16);
            if ((int) crc.getValue() != ByteWriter.readInt(header, 16)) {
                throw new CorruptFileException(file, 16, "header checksum mismatch");
            }
            long pos = HEADER_LENGTH;
            byte[] head = new byte[8];
            byte[] payload = new byte[1 << 16];
            while (true) {
                int h = in.readNBytes(head, 0, 8);
                if (h == 0) {
                    return;
                }
                if (h < 8) {
                    throw new CorruptFileException(file, pos, "truncated record header");
                }
                int len = ByteWriter.readInt(head, 0);
                if (len < 0 || len > MAX_RECORD) {
                    throw new CorruptFileException(file, pos, "record length " + len + " out of range");
                }
                if (payload.length < len) {
                    payload = new byte[Math.max(len, payload.length * 2)];
                }
                int got = in.readNBytes(payload, 0, len);
                if (got < len) {
                    throw new CorruptFileException(file, pos, "truncated record: length " + len + ", " + got + " bytes left");
                }
                crc.reset();
                crc.update(payload, 0, len);
                if ((int) crc.getValue() != ByteWriter.readInt(head, 4)) {
                    throw new CorruptFileException(file, pos, "record checksum mismatch");
                }
                WalRecord r;
                try {
                    r = WalRecord.decode(payload, 0, len);
                } catch (RuntimeException e) {
                    throw new CorruptFileException(file, pos, "bad record: " + e.getMessage());
                }
                consumer.accept(r);
                pos += 8 + len;
            }
        }
    }

    /** Deletes the WAL files of generations below {@code generation}. */
    public void deleteBefore(long generation) throws IOException {
        List<Path> doomed = new ArrayList<>();
        for (Path p : files(dir)) {
            if (generationOf(p) < generation) {
                doomed.add(p);
            }
        }
        for (Path p : doomed) {
            Files.deleteIfExists(p);
        }
        if (!doomed.isEmpty()) {
            Fsync.directory(dir);
        }
    }

    @Override
    public void close() throws IOException {
        syncLock.lock();
        try {
            synchronized (this) {
                if (channel.isOpen()) {
                    channel.force(false);
                    durable = written;
                    channel.close();
                }
            }
        } finally {
            syncLock.unlock();
        }
    }
}
