package dev.clusterlog.store.block;

import com.github.luben.zstd.Zstd;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.io.CorruptFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.Fsync;

/**
 * An immutable segment file of sealed blocks (all little-endian):
 * <pre>
 * segment := header block* footer
 * header  := MAGIC:u32 ("CLSG") VERSION:u32 (1) segmentId:u64
 * block   := BLOCK_MAGIC:u32 ("CLBK") compLen:u32 rawLen:u32 count:u32 minTime:i64 maxTime:i64
 *            labelsLen:u32 labels:bytes[labelsLen] payload:bytes[compLen] crc:u32
 *              labels  = {@link LabelCodec}; payload = zstd({@link BlockCodec} raw);
 *              crc     = CRC32C of the block from BLOCK_MAGIC to the end of the payload
 * footer  := FOOTER_MAGIC:u32 ("CLSF") blockCount:u32 crc:u32  (CRC32C of every byte before the footer)
 * </pre>
 * A segment is written once by {@link Writer}, fsynced, then only read. {@link #open} checks the
 * header, every block and the footer, and lists the blocks. Readers are reference counted so that a
 * merge or retention can delete a segment while a query still reads it.
 */
public final class SegmentFile {
    public static final int MAGIC = 0x47534C43; // "CLSG"
    public static final int BLOCK_MAGIC = 0x4B424C43; // "CLBK"
    public static final int FOOTER_MAGIC = 0x46534C43; // "CLSF"
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 16;
    public static final int BLOCK_FIXED_LENGTH = 36;
    public static final int FOOTER_LENGTH = 12;
    /** zstd level 1: DESIGN.md measured it as small as level 3 on log text, and faster. */
    public static final int ZSTD_LEVEL = 1;

    private final Path path;
    private final long segmentId;
    /**
     * The file mapped read-only. Reads from a mapping cannot be cut by a thread interrupt, unlike
     * FileChannel reads, which close the channel for every other reader when the reading thread is
     * interrupted (a client disconnecting from a server thread would otherwise break the segment).
     */
    private final MappedByteBuffer map;
    private final long size;
    private final List<BlockInfo> blocks;
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile boolean deleteOnRelease;

    private SegmentFile(Path path, long segmentId, MappedByteBuffer map, long size, List<BlockInfo> blocks) {
        this.path = path;
        this.segmentId = segmentId;
        this.map = map;
        this.size = size;
        this.blocks = blocks;
    }

    public static String fileName(long segmentId) {
        return String.format("seg-%016d.seg", segmentId);
    }

    public Path path() {
        return path;
    }

    public long segmentId() {
        return segmentId;
    }

    public List<BlockInfo> blocks() {
        return blocks;
    }

    public long size() {
        return size;
    }

    /** Opens and fully verifies a segment file. */
    public static SegmentFile open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_LENGTH + FOOTER_LENGTH) {
                throw new CorruptFileException(path, size, "truncated: " + size + " bytes, a segment has at least "
                        + (HEADER_LENGTH + FOOTER_LENGTH));
            }
            if (size > Integer.MAX_VALUE) {
                throw new CorruptFileException(path, 0, "segment larger than 2 GiB");
            }
            byte[] all = new byte[(int) size];
            readFully(path, ch, all, 0);
            int magic = ByteWriter.readInt(all, 0);
            if (magic != MAGIC) {
                throw new CorruptFileException(path, 0, String.format("bad magic 0x%08x, expected 0x%08x", magic, MAGIC));
            }
            int version = ByteWriter.readInt(all, 4);
            if (version != VERSION) {
                throw new CorruptFileException(path, 4, "unsupported version " + version + ", expected " + VERSION);
            }
            long id = ByteWriter.readLong(all, 8);
            int footer = (int) size - FOOTER_LENGTH;
            if (ByteWriter.readInt(all, footer) != FOOTER_MAGIC) {
                throw new CorruptFileException(path, footer, "missing footer (truncated file?)");
            }
            // blocks first, so that damage is reported at the block it hit
            List<BlockInfo> blocks = new ArrayList<>();
            CRC32C crc = new CRC32C();
            int pos = HEADER_LENGTH;
            while (pos < footer) {
                BlockInfo b = parseBlockHeader(path, id, all, pos, footer);
                crc.reset();
                crc.update(all, pos, b.length() - 4);
                if ((int) crc.getValue() != ByteWriter.readInt(all, pos + b.length() - 4)) {
                    throw new CorruptFileException(path, pos, "block checksum mismatch");
                }
                blocks.add(b);
                pos += b.length();
            }
            int declared = ByteWriter.readInt(all, footer + 4);
            if (pos != footer || declared != blocks.size()) {
                throw new CorruptFileException(path, pos, "footer lists " + declared + " blocks, found " + blocks.size());
            }
            crc.reset();
            crc.update(all, 0, footer);
            int expected = ByteWriter.readInt(all, footer + 8);
            if ((int) crc.getValue() != expected) {
                throw new CorruptFileException(path, footer + 8, String.format("file checksum 0x%08x, expected 0x%08x",
                        (int) crc.getValue(), expected));
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return new SegmentFile(path, id, map, size, List.copyOf(blocks));
        }
    }

    private static BlockInfo parseBlockHeader(Path path, long id, byte[] b, int pos, int end) throws CorruptFileException {
        if (pos + BLOCK_FIXED_LENGTH > end || ByteWriter.readInt(b, pos) != BLOCK_MAGIC) {
            throw new CorruptFileException(path, pos, "expected a block header");
        }
        int compLen = ByteWriter.readInt(b, pos + 4);
        int rawLen = ByteWriter.readInt(b, pos + 8);
        int count = ByteWriter.readInt(b, pos + 12);
        long minT = ByteWriter.readLong(b, pos + 16);
        long maxT = ByteWriter.readLong(b, pos + 24);
        int labelsLen = ByteWriter.readInt(b, pos + 32);
        long total = (long) BLOCK_FIXED_LENGTH + labelsLen + compLen + 4;
        if (compLen < 0 || labelsLen < 0 || rawLen < 0 || pos + total > end) {
            throw new CorruptFileException(path, pos, "block lengths out of range");
        }
        LabelSet labels;
        try {
            labels = LabelCodec.decode(b, pos + BLOCK_FIXED_LENGTH, labelsLen);
        } catch (RuntimeException e) {
            throw new CorruptFileException(path, pos + BLOCK_FIXED_LENGTH, "bad labels: " + e.getMessage());
        }
        return new BlockInfo(id, pos, (int) total, labels, count, rawLen, minT, maxT);
    }

    /** Reads, checks and decodes one block. The caller holds a reference ({@link #acquire()}). */
    public BlockData read(BlockInfo info) throws IOException {
        if (info.offset() < 0 || info.offset() + info.length() > size) {
            throw new CorruptFileException(path, info.offset(), "block beyond the end of the file (" + size + " bytes)");
        }
        byte[] b = new byte[info.length()];
        map.get((int) info.offset(), b);
        int pos = 0;
        int end = b.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(b, 0, end);
        if ((int) crc.getValue() != ByteWriter.readInt(b, end) || ByteWriter.readInt(b, 0) != BLOCK_MAGIC) {
            throw new CorruptFileException(path, info.offset() + end, "block checksum mismatch");
        }
        int compLen = ByteWriter.readInt(b, pos + 4);
        int rawLen = ByteWriter.readInt(b, pos + 8);
        int labelsLen = ByteWriter.readInt(b, pos + 32);
        byte[] raw = new byte[rawLen];
        long n = Zstd.decompressByteArray(raw, 0, rawLen, b, BLOCK_FIXED_LENGTH + labelsLen, compLen);
        if (Zstd.isError(n) || n != rawLen) {
            throw new CorruptFileException(path, info.offset(), "block does not decompress to " + rawLen + " bytes");
        }
        try {
            return BlockCodec.decode(raw, rawLen);
        } catch (RuntimeException e) {
            throw new CorruptFileException(path, info.offset(), "bad block layout: " + e.getMessage());
        }
    }

    private static void readFully(Path path, FileChannel ch, byte[] dst, long at) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(dst);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, at + bb.position());
            if (n < 0) {
                throw new CorruptFileException(path, at + bb.position(), "unexpected end of file");
            }
        }
    }

    public boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (refs.decrementAndGet() == 0) {
            try {
                // the mapping goes with garbage collection; a mapped file may be unlinked meanwhile
                if (deleteOnRelease) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // the file is unreferenced; a leftover is removed as an orphan at the next open
            }
        }
    }

    /** Drops the owner's reference; the file is deleted once no query reads it. */
    public void delete() {
        deleteOnRelease = true;
        release();
    }

    /** Drops the owner's reference without deleting the file. */
    public void close() {
        release();
    }

    /** Writes a new segment; blocks in the order given. Not thread-safe. */
    public static final class Writer implements AutoCloseable {
        private final Path path;
        private final long segmentId;
        private final FileChannel ch;
        private final CRC32C fileCrc = new CRC32C();
        private final ByteWriter raw = new ByteWriter(1 << 20);
        private final ByteWriter block = new ByteWriter(1 << 20);
        private final List<BlockInfo> written = new ArrayList<>();
        private long pos;

        public Writer(Path dir, long segmentId) throws IOException {
            this.path = dir.resolve(fileName(segmentId));
            this.segmentId = segmentId;
            this.ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ByteWriter h = new ByteWriter(HEADER_LENGTH);
            h.writeInt(MAGIC);
            h.writeInt(VERSION);
            h.writeLong(segmentId);
            write(h.array(), h.length());
        }

        public Path path() {
            return path;
        }

        /** Encodes entries [from, to) (time order) of {@code src} as one block. */
        public BlockInfo add(LabelSet labels, BlockData src, int from, int to) throws IOException {
            raw.reset();
            BlockCodec.encode(src, from, to, raw);
            byte[] labelBytes = LabelCodec.encode(labels);
            int bound = (int) Zstd.compressBound(raw.length());
            block.reset();
            block.ensure(BLOCK_FIXED_LENGTH + labelBytes.length + bound + 4);
            block.writeInt(BLOCK_MAGIC);
            block.writeInt(0);
            block.writeInt(raw.length());
            block.writeInt(to - from);
            block.writeLong(src.timeAt(from));
            block.writeLong(src.timeAt(to - 1));
            block.writeInt(labelBytes.length);
            block.writeBytes(labelBytes, 0, labelBytes.length);
            int payloadAt = block.length();
            long c = Zstd.compressByteArray(block.array(), payloadAt, bound, raw.array(), 0, raw.length(), ZSTD_LEVEL);
            if (Zstd.isError(c)) {
                throw new IOException("zstd compression failed: " + Zstd.getErrorName(c));
            }
            block.setInt(4, (int) c);
            block.ensure((int) c + 4);
            int end = payloadAt + (int) c;
            CRC32C crc = new CRC32C();
            crc.update(block.array(), 0, end);
            byte[] arr = block.array();
            // the CRC follows the payload that zstd wrote in place
            block.setInt(end, (int) crc.getValue());
            int total = end + 4;
            BlockInfo info = new BlockInfo(segmentId, pos, total, labels, to - from, raw.length(),
                    src.timeAt(from), src.timeAt(to - 1));
            write(arr, total);
            written.add(info);
            return info;
        }

        public List<BlockInfo> blocks() {
            return written;
        }

        private void write(byte[] b, int len) throws IOException {
            fileCrc.update(b, 0, len);
            ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            pos += len;
        }

        /** Writes the footer, fsyncs the file and its directory, and opens it for reading. */
        public SegmentFile finish() throws IOException {
            ByteWriter f = new ByteWriter(FOOTER_LENGTH);
            f.writeInt(FOOTER_MAGIC);
            f.writeInt(written.size());
            // the file CRC covers everything before the footer
            f.writeInt((int) fileCrc.getValue());
            ByteBuffer bb = ByteBuffer.wrap(f.array(), 0, f.length());
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            ch.force(true);
            ch.close();
            Fsync.directory(path.getParent());
            return SegmentFile.open(path);
        }

        @Override
        public void close() throws IOException {
            if (ch.isOpen()) {
                ch.close();
                Files.deleteIfExists(path);
            }
        }
    }
}
