package dev.clusterlog.agent.tail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The first bytes of a file (at most {@link #LENGTH}), uncompressed for {@code .gz} files. Two
 * files with the same first bytes hold the same stream: a copy made by copytruncate, the
 * {@code .gz} kubelet made of a rotated file. A different prefix under a known inode means the
 * inode was reused or the file was truncated and rewritten.
 */
public final class Fingerprint {
    /** 64 bytes: a CRI line's timestamp alone is 30-35 bytes, so two files rarely share 64. */
    public static final int LENGTH = 64;

    private Fingerprint() {
    }

    /** Reads the fingerprint of an open plain file. */
    public static byte[] read(FileChannel channel) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(LENGTH);
        long pos = 0;
        while (bb.hasRemaining()) {
            int n = channel.read(bb, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
        }
        return Arrays.copyOf(bb.array(), bb.position());
    }

    /** Reads the fingerprint of a path, decompressing when it ends in {@code .gz}. */
    public static byte[] read(Path path) throws IOException {
        if (isGzip(path)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
                return in.readNBytes(LENGTH);
            }
        }
        try (FileChannel ch = FileChannel.open(path)) {
            return read(ch);
        }
    }

    /** True when the candidate starts with the known fingerprint (which may be shorter). */
    public static boolean matches(byte[] known, byte[] candidate) {
        if (known.length == 0 || candidate.length < known.length) {
            return false;
        }
        return Arrays.equals(known, 0, known.length, candidate, 0, known.length);
    }

    static boolean isGzip(Path path) {
        return path.getFileName().toString().endsWith(".gz");
    }
}
