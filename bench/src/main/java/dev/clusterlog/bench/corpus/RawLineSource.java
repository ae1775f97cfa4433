package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.io.ByteWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Events resampled from a real log file as it was written: an event is a block, a line and the
 * continuation lines after it (indented lines, {@code Caused by:}, so Java stack traces and Python
 * tracebacks stay whole). Runs of two or more digits are redrawn (same length) so the corpus does
 * not repeat the seed file verbatim: ids, counters and durations vary as they would in a longer log.
 * Runs next to {@code - : / T Z} (dates and times) are kept, so timestamps stay well-formed.
 */
final class RawLineSource implements LineSource {
    private final String name;
    private final byte[][] blocks;

    RawLineSource(String name, byte[][] blocks) {
        this.name = name;
        this.blocks = blocks;
    }

    /** Splits text into blocks; null when the text holds no line. */
    static RawLineSource fromText(String name, byte[] text) {
        List<byte[]> blocks = new ArrayList<>();
        int start = -1;
        int lineStart = 0;
        int n = text.length;
        while (lineStart < n) {
            int end = lineStart;
            while (end < n && text[end] != '\n') {
                end++;
            }
            int contentEnd = end > lineStart && text[end - 1] == '\r' ? end - 1 : end;
            boolean blank = contentEnd == lineStart;
            boolean continuation = !blank && (text[lineStart] == ' ' || text[lineStart] == '\t'
                    || startsWith(text, lineStart, contentEnd, "Caused by:")
                    || startsWith(text, lineStart, contentEnd, "... "));
            if (!continuation && start >= 0) {
                blocks.add(block(text, start, lineStart));
                start = -1;
            }
            if (!blank && start < 0) {
                start = lineStart;
            }
            lineStart = end + 1;
        }
        if (start >= 0) {
            blocks.add(block(text, start, n));
        }
        return blocks.isEmpty() ? null : new RawLineSource(name, blocks.toArray(byte[][]::new));
    }

    private static boolean startsWith(byte[] text, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (text[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The block's lines, each ended by exactly one {@code \n}, without {@code \r} or blank lines. */
    private static byte[] block(byte[] text, int from, int to) {
        ByteWriter b = new ByteWriter(64 * 1024);
        int p = from;
        while (p < to) {
            int end = p;
            while (end < to && text[end] != '\n') {
                end++;
            }
            int contentEnd = end > p && text[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd > p) {
                b.writeBytes(text, p, contentEnd - p);
                b.writeByte((byte) '\n');
            }
            p = end + 1;
        }
        return b.toByteArray();
    }

    @Override
    public int distinctEvents() {
        return blocks.length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void appendEvent(SplittableRandom random, ByteWriter out) {
        byte[] b = blocks[random.nextInt(blocks.length)];
        int start = out.length();
        out.writeBytes(b);
        byte[] o = out.array();
        int end = out.length();
        for (int i = start; i < end; i++) {
            if (!isDigit(o[i])) {
                continue;
            }
            int runEnd = i;
            while (runEnd < end && isDigit(o[runEnd])) {
                runEnd++;
            }
            boolean timeLike = i > start && isTimeSeparator(o[i - 1]) || runEnd < end && isTimeSeparator(o[runEnd]);
            // a third of the runs: ids and counters vary, yet repeat as much as in a real log
            if (runEnd - i >= 2 && !timeLike && random.nextInt(3) == 0) {
                for (int k = i; k < runEnd; k++) {
                    o[k] = (byte) ('0' + random.nextInt(10));
                }
            }
            i = runEnd;
        }
    }

    private static boolean isTimeSeparator(byte b) {
        return b == '-' || b == ':' || b == '/' || b == 'T' || b == 'Z';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
