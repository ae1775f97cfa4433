package dev.clusterlog.core.cri;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.format.LogFormat;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogLineParser;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.time.Rfc3339;

/**
 * Parses a CRI log line {@code <time> <stdout|stderr> <P|F>[:tags] <content>} in place.
 *
 * <p>Follows kubelet's {@code parseCRILog}: the line is split at its first three single spaces;
 * only the first tag of a {@code :}-separated tag list counts; content bytes are untouched
 * (invalid UTF-8, {@code \r} and NUL kept); the trailing {@code \n} is removed from a {@code P}
 * record and kept on an {@code F} record. The error texts are kubelet's. Not thread-safe (holds
 * a time scratch holder); one parser per reader.
 */
public final class CriLineParser implements LogLineParser {
    private final Rfc3339.Parsed time = new Rfc3339.Parsed();

    @Override
    public void parse(byte[] buf, int off, int len, LogRecord into) throws LogFormatException {
        int end = off + len;
        int sp1 = indexOf(buf, off, end, (byte) ' ');
        if (sp1 < 0) {
            throw new LogFormatException("timestamp is not found");
        }
        String timeError = Rfc3339.parse(buf, off, sp1 - off, time);
        if (timeError != null) {
            throw new LogFormatException("unexpected timestamp format "
                    + dev.clusterlog.core.text.GoStrings.quote(buf, off, sp1 - off) + ": expected " + timeError);
        }
        int streamStart = sp1 + 1;
        int sp2 = indexOf(buf, streamStart, end, (byte) ' ');
        if (sp2 < 0) {
            throw new LogFormatException("stream type is not found");
        }
        LogStream stream = LogStream.fromWireName(buf, streamStart, sp2 - streamStart);
        if (stream == null) {
            throw new LogFormatException("unexpected stream type "
                    + dev.clusterlog.core.text.GoStrings.quote(buf, streamStart, sp2 - streamStart)
                    + ": expected stdout or stderr");
        }
        int tagStart = sp2 + 1;
        int sp3 = indexOf(buf, tagStart, end, (byte) ' ');
        if (sp3 < 0) {
            throw new LogFormatException("log tag is not found");
        }
        int firstTagEnd = indexOf(buf, tagStart, sp3, (byte) ':');
        if (firstTagEnd < 0) {
            firstTagEnd = sp3;
        }
        // kubelet: a first tag of "P" is partial, anything else is treated as full
        boolean partial = firstTagEnd - tagStart == 1 && buf[tagStart] == 'P';
        int contentStart = sp3 + 1;
        int contentEnd = end;
        if (partial && contentEnd > contentStart && buf[contentEnd - 1] == '\n') {
            contentEnd--;
        }
        into.format = LogFormat.CRI;
        into.epochNanos = time.epochNanos;
        into.offsetSeconds = time.offsetSeconds;
        into.stream = stream;
        into.partial = partial;
        into.buf = buf;
        into.contentOffset = contentStart;
        into.contentLength = contentEnd - contentStart;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
