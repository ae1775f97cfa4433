package dev.clusterlog.core.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The identity every clusterlog file starts with: four ASCII magic bytes and a format version.
 * <pre>
 * header := magic:byte[4] version:u32      (little-endian, as every integer of ours: {@link ByteWriter})
 * </pre>
 * A reader accepts versions {@code oldestReadable..version}; anything else is a
 * {@link CorruptFileException} naming the file, what was found and what was expected.
 *
 * @param description what the file is, for messages ("agent checkpoint", "WAL file")
 * @param magic the four magic bytes as ASCII text ("CLWL")
 * @param version the version this code writes
 * @param oldestReadable the oldest version this code reads
 */
public record FileFormat(String description, String magic, int version, int oldestReadable) {
    public static final int HEADER_LENGTH = 8;

    public FileFormat {
        if (magic.length() != 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(magic)) {
            throw new IllegalArgumentException("magic must be 4 ASCII characters, got \"" + magic + "\"");
        }
        if (oldestReadable < 1 || oldestReadable > version) {
            throw new IllegalArgumentException("versions must satisfy 1 <= oldest readable <= current, got "
                    + oldestReadable + " and " + version);
        }
    }

    public static FileFormat of(String description, String magic, int version) {
        return new FileFormat(description, magic, version, version);
    }

    /** The magic as the little-endian int its bytes form on disk. */
    public int magicInt() {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        return (m[0] & 0xff) | (m[1] & 0xff) << 8 | (m[2] & 0xff) << 16 | (m[3] & 0xff) << 24;
    }

    public void writeHeader(ByteWriter out) {
        out.writeInt(magicInt());
        out.writeInt(version);
    }

    /**
     * Checks the header at {@code buf[off, off + 8)} of {@code file} and returns the version found.
     *
     * @throws CorruptFileException when the bytes are too few, the magic differs or the version is
     *     not one this code reads
     */
    public int checkHeader(Path file, byte[] buf, int off, int available) throws CorruptFileException {
        if (available < HEADER_LENGTH) {
            throw new CorruptFileException(file, 0, "truncated " + description + " header: " + available
                    + " bytes, expected " + HEADER_LENGTH);
        }
        int found = ByteWriter.readInt(buf, off);
        if (found != magicInt()) {
            throw new CorruptFileException(file, 0, "not a " + description + ": magic "
                    + GoBytes.printable(buf, off, 4) + ", expected \"" + magic + "\"");
        }
        int v = ByteWriter.readInt(buf, off + 4);
        if (v < oldestReadable || v > version) {
            String expected = oldestReadable == version ? "version " + version
                    : "version " + oldestReadable + " to " + version;
            String hint = Integer.reverseBytes(v) >= 1 && Integer.reverseBytes(v) < 256
                    ? " (a big-endian file of an older clusterlog)" : "";
            throw new CorruptFileException(file, 4, description + " version " + Integer.toUnsignedString(v) + hint
                    + " is not readable, expected " + expected);
        }
        return v;
    }

    /** Printable rendering of a few bytes for messages; no dependency on the text package. */
    private static final class GoBytes {
        static String printable(byte[] b, int off, int n) {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = off; i < off + n && i < b.length; i++) {
                int c = b[i] & 0xff;
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            return sb.append('"').toString();
        }
    }
}
