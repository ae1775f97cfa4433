package dev.clusterlog.agent.source.journald;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A journald source's checkpoint ({@code <state>/<source>.journald}): the cursor of the last entry
 * the output acknowledged, and the cut points of batches sent but not yet acknowledged, so that
 * after a crash the same entries are cut into the same batches (same idempotency ranges) and the
 * store drops what it already has. Replaced atomically (write {@code FILE.tmp}, fsync, rename).
 *
 * <p>Grammar (big-endian, strings as Java modified UTF-8 with a 2-byte length):
 * <pre>
 * file    := MAGIC:u32 ('CLJC') VERSION:u32 (1) cursor:utf count:u32 cut{count} crc:u32
 * cut     := seqnumId:utf lastSeqnum:u64       (a group of batches ends after this entry)
 * crc     := CRC32C of every byte before it
 * </pre>
 * An empty cursor means nothing was acknowledged yet. A file failing any check is reported as an
 * {@link IOException} naming the file and what was wrong.
 */
public final class JournaldCheckpoint {
    public static final int MAGIC = 0x434c4a43;
    public static final int VERSION = 1;

    /** A cut point: the last entry of a group of batches. */
    public record Cut(String seqnumId, long lastSeqnum) {
    }

    /** The stored state: the acknowledged cursor ("" for none) and the unacknowledged cuts, oldest first. */
    public record State(String cursor, List<Cut> cuts) {
    }

    private final Path file;

    public JournaldCheckpoint(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The stored state; an empty one when there is no file yet. */
    public State read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new State("", List.of());
        }
        if (bytes.length < 18) {
            throw new IOException("journald checkpoint " + file + ": " + bytes.length + " bytes, expected at least 18");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new IOException("journald checkpoint " + file + ": checksum mismatch at byte " + (bytes.length - 4));
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != MAGIC || version != VERSION) {
                throw new IOException("journald checkpoint " + file + ": header " + Integer.toHexString(magic) + " version "
                        + version + ", expected CLJC version " + VERSION);
            }
            String cursor = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > 1_000_000) {
                throw new IOException("journald checkpoint " + file + ": " + count + " cuts, expected 0..1000000");
            }
            List<Cut> cuts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                cuts.add(new Cut(in.readUTF(), in.readLong()));
            }
            if (in.available() != 0) {
                throw new IOException("journald checkpoint " + file + ": " + in.available() + " bytes after the cuts");
            }
            return new State(cursor, List.copyOf(cuts));
        } catch (java.io.EOFException e) {
            throw new IOException("journald checkpoint " + file + ": truncated");
        }
    }

    /** Replaces the stored state atomically. */
    public void write(State state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(state.cursor());
        out.writeInt(state.cuts().size());
        for (Cut c : state.cuts()) {
            out.writeUTF(c.seqnumId());
            out.writeLong(c.lastSeqnum());
        }
        out.flush();
        dev.clusterlog.agent.checkpoint.CheckpointStore.writeAtomically(file, bytes.toByteArray());
    }
}
