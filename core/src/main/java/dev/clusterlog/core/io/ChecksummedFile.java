package dev.clusterlog.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Small files that are replaced whole (checkpoints, source marks, pod state): a header, a body in
 * the owner's grammar and a checksum, written by {@link AtomicFileWriter}.
 * <pre>
 * file := header ({@link FileFormat}) body crc:u32
 * crc  := CRC32C of every byte before it, little-endian
 * </pre>
 * {@link #read} checks length, header and checksum before the owner parses the body, and turns a
 * body that does not follow the owner's grammar into a {@link CorruptFileException} naming the
 * file and the offset.
 */
public final class ChecksummedFile {
    private static final int MIN_LENGTH = FileFormat.HEADER_LENGTH + 4;

    private ChecksummedFile() {
    }

    /** Parses a body of a given version; may throw IllegalStateException (from {@link ByteReader}) on bad bytes. */
    @FunctionalInterface
    public interface BodyParser<T> {
        T parse(int version, ByteReader body) throws IOException;
    }

    /** Writes {@code body} (the grammar's bytes only) as {@code file}, atomically and durably. */
    public static void write(Path file, FileFormat format, ByteWriter body) throws IOException {
        ByteWriter whole = new ByteWriter(body.length() + MIN_LENGTH);
        format.writeHeader(whole);
        whole.writeBytes(body.array(), 0, body.length());
        CRC32C crc = new CRC32C();
        crc.update(whole.array(), 0, whole.length());
        whole.writeInt((int) crc.getValue());
        AtomicFileWriter.write(file, whole);
    }

    /**
     * Reads and checks {@code file}, then parses its body; null when the file does not exist.
     *
     * @throws CorruptFileException when a check fails or the body does not parse to its end
     */
    public static <T> T read(Path file, FileFormat format, BodyParser<T> parser) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (b.length < MIN_LENGTH) {
            throw new CorruptFileException(file, b.length, "truncated " + format.description() + ": " + b.length
                    + " bytes, expected at least " + MIN_LENGTH);
        }
        int version = format.checkHeader(file, b, 0, b.length);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        int stored = ByteWriter.readInt(b, b.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new CorruptFileException(file, b.length - 4, format.description() + " checksum mismatch: stored "
                    + Integer.toHexString(stored) + ", computed " + Integer.toHexString((int) crc.getValue()));
        }
        ByteReader body = new ByteReader(b, FileFormat.HEADER_LENGTH, b.length - 4);
        T value;
        try {
            value = parser.parse(version, body);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CorruptFileException(file, body.position(), format.description() + " body: " + e.getMessage());
        }
        if (body.hasRemaining()) {
            throw new CorruptFileException(file, body.position(), format.description() + " body: "
                    + (b.length - 4 - body.position()) + " bytes left after the last entry");
        }
        return value;
    }
}
