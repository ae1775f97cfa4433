package dev.clusterlog.core.klog;

import dev.clusterlog.core.text.GoStrings;
import dev.clusterlog.core.format.LogFormatException;

/**
 * Parses the klog text header (kubernetes/klog {@code internal/buffer/buffer.go}
 * {@code FormatHeader}) in place:
 *
 * <pre>
 * Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg
 * I0102 15:04:05.067890    1234 klog_test.go:205] test
 * </pre>
 *
 * {@code L} is I, W, E or F; the thread id (klog writes the pid) is right-aligned in a field of at
 * least 7 characters, so the file name starts at byte 30 for pids below 10^7; the file may carry
 * a directory ({@code -add_dir_header}). The message is the rest of the line after {@code "] "},
 * without the trailing {@code \n}; for a structured (InfoS/ErrorS) line it is the input of
 * {@link KlogStructuredParser}, continuation lines of multi-line values included when the caller
 * passes them.
 *
 * <p>Errors say where (byte index within the line) and what was expected. Stateless: one
 * instance may be shared between threads.
 */
public final class KlogHeaderParser {
    /** Byte index of the space after the microseconds: {@code Lmmdd hh:mm:ss.uuuuuu} is 21 bytes. */
    private static final int TIME_END = 21;

    public void parse(byte[] buf, int off, int len, KlogRecord into) throws LogFormatException {
        int end = off + len;
        if (len > 0 && buf[end - 1] == '\n') {
            end--;
        }
        if (end - off < TIME_END + 1) {
            throw error(buf, off, end, off + Math.min(len, TIME_END),
                    "a header like I0102 15:04:05.067890    1234 file.go:12] of at least 22 bytes");
        }
        KlogSeverity severity = KlogSeverity.fromLetter(buf[off]);
        if (severity == null) {
            throw error(buf, off, end, off, "a severity letter I, W, E or F");
        }
        into.severity = severity;
        into.month = field(buf, off, end, 1, 1, 12, "a month 01-12");
        into.day = field(buf, off, end, 3, 1, 31, "a day 01-31");
        expect(buf, off, end, 5, ' ');
        into.hour = field(buf, off, end, 6, 0, 23, "an hour 00-23");
        expect(buf, off, end, 8, ':');
        into.minute = field(buf, off, end, 9, 0, 59, "a minute 00-59");
        expect(buf, off, end, 11, ':');
        into.second = field(buf, off, end, 12, 0, 59, "a second 00-59");
        expect(buf, off, end, 14, '.');
        into.microsecond = digits(buf, off + 15, 6);
        if (into.microsecond < 0) {
            throw error(buf, off, end, off + 15, "6 digits of microseconds");
        }
        expect(buf, off, end, TIME_END, ' ');
        int p = parseThreadId(buf, off, end, into);
        parseSourceAndMessage(buf, off, end, p, into);
    }

    /** The right-aligned thread id and the space after it; returns the index of the file name. */
    private static int parseThreadId(byte[] buf, int off, int end, KlogRecord into) throws LogFormatException {
        int p = off + TIME_END + 1;
        while (p < end && buf[p] == ' ') {
            p++;
        }
        int digitsStart = p;
        long id = 0;
        while (p < end && buf[p] >= '0' && buf[p] <= '9' && p - digitsStart < 18) {
            id = id * 10 + (buf[p] - '0');
            p++;
        }
        if (p == digitsStart) {
            throw error(buf, off, end, p, "a thread id (digits, right-aligned in 7 columns)");
        }
        if (p >= end || buf[p] != ' ') {
            throw error(buf, off, end, p, "a space after the thread id");
        }
        into.threadId = id;
        return p + 1;
    }

    /** {@code file:line] } then the message. */
    private static void parseSourceAndMessage(byte[] buf, int off, int end, int fileStart, KlogRecord into)
            throws LogFormatException {
        for (int p = fileStart; p < end && buf[p] != ' '; p++) {
            if (buf[p] != ':' || p == fileStart) {
                continue;
            }
            int q = p + 1;
            int line = 0;
            while (q < end && buf[q] >= '0' && buf[q] <= '9' && q - p <= 9) {
                line = line * 10 + (buf[q] - '0');
                q++;
            }
            if (q == p + 1 || q >= end || buf[q] != ']') {
                continue;
            }
            if (q + 1 >= end || buf[q + 1] != ' ') {
                throw error(buf, off, end, q + 1, "a space after \"]\"");
            }
            into.buf = buf;
            into.sourceFileOffset = fileStart;
            into.sourceFileLength = p - fileStart;
            into.sourceLine = line;
            into.messageOffset = q + 2;
            into.messageLength = end - (q + 2);
            return;
        }
        throw error(buf, off, end, fileStart, "a source location like file.go:123] (no spaces in the file name)");
    }

    private static int field(byte[] buf, int off, int end, int at, int min, int max, String expected)
            throws LogFormatException {
        int v = digits(buf, off + at, 2);
        if (v < min || v > max) {
            throw error(buf, off, end, off + at, expected);
        }
        return v;
    }

    private static void expect(byte[] buf, int off, int end, int at, char c) throws LogFormatException {
        if (buf[off + at] != c) {
            throw error(buf, off, end, off + at, "'" + c + "'");
        }
    }

    private static int digits(byte[] buf, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static LogFormatException error(byte[] buf, int off, int end, int at, String expected) {
        int shown = Math.min(end - at, 16);
        String found = shown <= 0 ? "end of line" : GoStrings.quote(buf, at, shown);
        return new LogFormatException("not a klog header: byte " + (at - off) + ": expected " + expected
                + ", found " + found);
    }
}
