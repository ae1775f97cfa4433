package dev.clusterlog.store.wal;

import dev.clusterlog.core.io.CorruptFileException;
import dev.clusterlog.core.io.ByteReader;
import dev.clusterlog.core.io.ByteWriter;
import dev.clusterlog.core.io.Fsync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Per-source high-water marks that outlive the WAL generations they came from. Written atomically
 * (temporary file, fsync, rename, directory fsync) before WAL files are deleted:
 * <pre>
 * file   := MAGIC:u32 ("CLHW") VERSION:u32 (1) count:u32 (sourceId:string endOffset:i64){count} crc:u32
 * </pre>
 * crc is CRC32C of every byte before it; strings are varint length + UTF-8. The marks in the WAL
 * records that remain are applied on top at replay (a mark only grows, so re-applying is harmless).
 */
public final class SourceMarks {
    public static final String FILE = "sources.hwm";
    public static final int MAGIC = 0x57484C43; // "CLHW"
    public static final int VERSION = 1;

    private SourceMarks() {
    }

    public static Map<String, Long> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        Map<String, Long> marks = new HashMap<>();
        if (!Files.exists(f)) {
            return marks;
        }
        byte[] b = Files.readAllBytes(f);
        if (b.length < 16) {
            throw new CorruptFileException(f, b.length, "truncated: " + b.length + " bytes");
        }
        if (ByteWriter.readInt(b, 0) != MAGIC) {
            throw new CorruptFileException(f, 0, "bad magic");
        }
        if (ByteWriter.readInt(b, 4) != VERSION) {
            throw new CorruptFileException(f, 4, "unsupported version " + ByteWriter.readInt(b, 4));
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        if ((int) crc.getValue() != ByteWriter.readInt(b, b.length - 4)) {
            throw new CorruptFileException(f, b.length - 4, "checksum mismatch");
        }
        try {
            ByteReader r = new ByteReader(b, 8, b.length - 4);
            int n = r.readInt();
            for (int i = 0; i < n; i++) {
                marks.put(r.readString(), r.readLong());
            }
        } catch (RuntimeException e) {
            throw new CorruptFileException(f, 8, "bad entries: " + e.getMessage());
        }
        return marks;
    }

    public static void write(Path dir, Map<String, Long> marks) throws IOException {
        ByteWriter w = new ByteWriter(64 + marks.size() * 64);
        w.writeInt(MAGIC);
        w.writeInt(VERSION);
        w.writeInt(marks.size());
        marks.forEach((k, v) -> {
            w.writeString(k);
            w.writeLong(v);
        });
        CRC32C crc = new CRC32C();
        crc.update(w.array(), 0, w.length());
        w.writeInt((int) crc.getValue());
        Path tmp = dir.resolve(FILE + ".tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            var bb = java.nio.ByteBuffer.wrap(w.array(), 0, w.length());
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(dir);
    }
}
