package dev.clusterlog.agent.assemble;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.format.LogFormat;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogLineParser;
import dev.clusterlog.core.format.LogRecord;
import java.util.function.LongSupplier;

/**
 * Turns the physical lines of one source into logical lines: container log files (CRI or Docker
 * json-file, detected on the first line as kubelet does) through a {@link PartialLineAssembler},
 * or plain text files (one line per line, stamped with the time it was read). A line that does
 * not parse is passed on raw, flagged {@link LineSink#UNPARSED}, and counted. Not thread-safe.
 */
public final class SourceDecoder {
    /** CONTAINER: CRI or Docker json-file; PLAIN: text stamped when read; KLOG: text stamped by its klog header. */
    public enum Mode { CONTAINER, PLAIN, KLOG }

    private final Mode mode;
    private final PartialLineAssembler assembler;
    private final LongSupplier wallNanos;
    private final LogRecord record = new LogRecord();
    private LogLineParser parser;
    private final dev.clusterlog.core.klog.KlogHeaderParser klog = new dev.clusterlog.core.klog.KlogHeaderParser();
    private final dev.clusterlog.core.klog.KlogRecord klogRecord = new dev.clusterlog.core.klog.KlogRecord();
    private long unparsed;
    private String lastError;

    public SourceDecoder(Mode mode, int lineLimit, LongSupplier wallNanos) {
        this.mode = mode;
        this.assembler = new PartialLineAssembler(lineLimit);
        this.wallNanos = wallNanos;
    }

    public PartialLineAssembler assembler() {
        return assembler;
    }

    public long unparsedLines() {
        return unparsed;
    }

    /** The last parse error, for the throttled warning. */
    public String lastError() {
        return lastError;
    }

    /** Decodes whole physical lines {@code buf[off, off+len)}. */
    public void decode(byte[] buf, int off, int len, LineSink sink) {
        int end = off + len;
        int start = off;
        while (start < end) {
            int nl = start;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            int lineEnd = nl < end ? nl + 1 : end;
            decodeLine(buf, start, lineEnd - start, sink);
            start = lineEnd;
        }
    }

    /** Decodes one physical line (with its trailing newline, if any). */
    public void decodeLine(byte[] buf, int off, int len, LineSink sink) {
        if (mode != Mode.CONTAINER) {
            int l = len > 0 && buf[off + len - 1] == '\n' ? len - 1 : len;
            long now = wallNanos.getAsLong();
            long time = now;
            if (mode == Mode.KLOG) {
                try {
                    klog.parse(buf, off, l, klogRecord);
                    time = klogRecord.epochNanosNear(now, java.time.ZoneOffset.UTC);
                } catch (LogFormatException | java.time.DateTimeException e) {
                    time = now; // a continuation line of a multi-line message: stamped when read
                }
            }
            sink.line(time, LogStream.STDOUT, buf, off, l, 0);
            return;
        }
        try {
            if (parser == null) {
                parser = LogFormat.detect(buf, off, len).newParser();
            }
            parser.parse(buf, off, len, record);
        } catch (LogFormatException e) {
            unparsed++;
            lastError = e.getMessage();
            assembler.flush(sink); // as fluent-bit does: a foreign line ends what was pending
            int l = len > 0 && buf[off + len - 1] == '\n' ? len - 1 : len;
            sink.line(wallNanos.getAsLong(), LogStream.STDOUT, buf, off, l, LineSink.UNPARSED);
            return;
        }
        assembler.accept(record, sink);
    }
}
