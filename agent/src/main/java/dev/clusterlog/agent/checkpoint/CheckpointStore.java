package dev.clusterlog.agent.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The checkpoint file: every tailed stream's acknowledged position, replaced atomically (write
 * {@code FILE.tmp}, fsync, rename over {@code FILE}).
 *
 * <p>Grammar (big-endian, strings as Java modified UTF-8 with a 2-byte length):
 * <pre>
 * file   := MAGIC:u32 ('CLCP') VERSION:u32 (2) count:u32 entry{count} crc:u32
 * entry  := id:utf seq:u64 device:u64 inode:u64 fpLen:u16 fp:byte{fpLen} path:utf
 *           offset:u64 stateLen:i32 state:byte{stateLen}      (stateLen -1: no state)
 *           inFlightCount:u16 inFlightEnd:u64{inFlightCount}  (version 2 only; ascending)
 * crc    := CRC32C of every byte before it
 * </pre>
 * Version 1 files (without the in-flight ends) are read as having none.
 * A file that fails any check is reported as {@link CorruptCheckpointException} naming the file
 * and what was wrong; the caller then starts from a safe point and says so.
 */
public final class CheckpointStore {
    public static final int MAGIC = 0x434c4350;
    public static final int VERSION = 2;

    private final Path file;

    public CheckpointStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Thrown when the checkpoint file exists but cannot be trusted. */
    public static final class CorruptCheckpointException extends IOException {
        public CorruptCheckpointException(String message) {
            super(message);
        }
    }

    /** The stored checkpoints; empty when there is no file yet. */
    public List<SourceCheckpoint> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (bytes.length < 16) {
            throw new CorruptCheckpointException("checkpoint " + file + ": " + bytes.length + " bytes, expected at least 16");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new CorruptCheckpointException("checkpoint " + file + ": checksum mismatch at byte "
                    + (bytes.length - 4) + ", expected " + Integer.toHexString((int) crc.getValue()));
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != MAGIC || version < 1 || version > VERSION) {
                throw new CorruptCheckpointException("checkpoint " + file + ": header " + Integer.toHexString(magic)
                        + " version " + version + ", expected CLCP version 1 to " + VERSION);
            }
            int count = in.readInt();
            List<SourceCheckpoint> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                long seq = in.readLong();
                long dev = in.readLong();
                long ino = in.readLong();
                byte[] fp = in.readNBytes(in.readUnsignedShort());
                String path = in.readUTF();
                long offset = in.readLong();
                int stateLen = in.readInt();
                byte[] state = stateLen < 0 ? null : in.readNBytes(stateLen);
                long[] inFlight = new long[version >= 2 ? in.readUnsignedShort() : 0];
                for (int k = 0; k < inFlight.length; k++) {
                    inFlight[k] = in.readLong();
                }
                out.add(new SourceCheckpoint(id, seq, dev, ino, fp, path, offset, state, inFlight));
            }
            return out;
        } catch (java.io.EOFException e) {
            throw new CorruptCheckpointException("checkpoint " + file + ": truncated entry list");
        }
    }

    /** Replaces the stored checkpoints atomically. */
    public void write(List<SourceCheckpoint> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 160);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(entries.size());
        for (SourceCheckpoint e : entries) {
            out.writeUTF(e.id());
            out.writeLong(e.seq());
            out.writeLong(e.device());
            out.writeLong(e.inode());
            out.writeShort(e.fingerprint().length);
            out.write(e.fingerprint());
            out.writeUTF(e.path() == null ? "" : e.path());
            out.writeLong(e.offset());
            if (e.state() == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(e.state().length);
                out.write(e.state());
            }
            int n = Math.min(e.inFlight().length, 0xffff);
            out.writeShort(n);
            for (int k = 0; k < n; k++) { // the earliest matter most: the store takes batches in order
                out.writeLong(e.inFlight()[k]);
            }
        }
        out.flush();
        writeAtomically(file, bytes.toByteArray());
    }

    /**
     * Writes {@code body} followed by its CRC32C (big-endian int) to {@code file} atomically: a
     * temporary file, fsynced, renamed over the old one. Shared by every checkpoint of the agent.
     */
    public static void writeAtomically(Path file, byte[] body) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer whole = ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).flip();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (whole.hasRemaining()) {
                ch.write(whole);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
