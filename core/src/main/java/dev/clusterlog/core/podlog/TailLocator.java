package dev.clusterlog.core.podlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Finds where the last N physical lines of a sequence of files start, counting lines as kubelet's
 * {@code findTailLineStartIndex} does (kubernetes/cri-client {@code pkg/logs/tail.go}): every
 * {@code \n} ends a line, and an incomplete last line (no {@code \n}) is not counted but is still
 * read. Plain files are scanned backwards from their end in blocks; compressed files, which
 * cannot be read backwards, are counted forwards.
 */
final class TailLocator {
    private static final int BLOCK = 8192;

    /** Where reading starts: a file, and in it either a byte offset (plain) or lines to skip (compressed). */
    record Start(int fileIndex, long byteOffset, long skipLines) {
    }

    private TailLocator() {
    }

    static Start locate(List<LogFileHandle> files, long tailLines) throws IOException {
        if (tailLines < 0) {
            return new Start(0, 0, 0);
        }
        long remaining = tailLines;
        for (int i = files.size() - 1; i >= 0; i--) {
            LogFileHandle f = files.get(i);
            if (f.compressed()) {
                long lines = countLines(f.openStream());
                if (lines >= remaining) {
                    return new Start(i, 0, lines - remaining);
                }
                remaining -= lines;
            } else {
                long[] found = scanBackwards(f.channel(), remaining);
                if (found[1] >= remaining) {
                    return new Start(i, found[0], 0);
                }
                remaining -= found[1];
            }
        }
        return new Start(0, 0, 0);
    }

    /**
     * Scans a plain file backwards. With the newlines at p1 &lt; ... &lt; pk, the last {@code n}
     * complete lines start just after p(k-n), or at 0 when the file has at most {@code n} newlines.
     *
     * @return {offset where reading starts, complete lines after it (at most n)}
     */
    static long[] scanBackwards(FileChannel ch, long n) throws IOException {
        long size = ch.size();
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long newlines = 0;
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - BLOCK);
            block.clear().limit((int) (end - start));
            while (block.hasRemaining()) {
                if (ch.read(block, start + block.position()) < 0) {
                    break;
                }
            }
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    if (newlines == n) {
                        return new long[] {start + i + 1, n};
                    }
                    newlines++;
                }
            }
            end = start;
        }
        return new long[] {0, newlines};
    }

    /** Counts the complete lines (the {@code \n} bytes) of a stream and closes it. */
    static long countLines(InputStream in) throws IOException {
        try (in) {
            byte[] buf = new byte[64 * 1024];
            long lines = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        }
    }
}
