package dev.clusterlog.core.format;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a container log file (CRI or Docker json-file, plain or gzip-compressed as kubelet's
 * rotation leaves {@code *.gz}) record by record.
 *
 * <p>The format is detected on the first line, as kubelet does, and used for the rest of the
 * file. A line that does not parse is reported once to the {@link BadLineListener}, with the
 * one-line message {@code FILE:LINE: byte OFFSET: REASON}, and reading continues with the next
 * line (kubelet logs and skips it too). Unlike kubelet, which gives up on a file whose first line
 * is not recognised, a first line that fits no format is reported and detection moves on to the
 * next line: a file that starts with a torn line (after a copy-truncate) is not lost.
 *
 * <p>Records are filled into the caller's {@link LogRecord}; their content points into this
 * reader's buffer or its parser's scratch buffer and is valid until the next call to
 * {@link #next}. Not thread-safe.
 */
public final class ContainerLogFileReader implements Closeable {

    /** Receives each unparsable line once. */
    @FunctionalInterface
    public interface BadLineListener {
        /**
         * @param message {@code FILE:LINE: byte OFFSET: REASON} ({@link LogFormatException#at})
         */
        void badLine(String message, LogFormatException cause);
    }

    private final String fileName;
    private final InputStream in;
    private final LogLineReader lines;
    private final BadLineListener onBadLine;
    private LogFormat format;
    private LogLineParser parser;

    /**
     * Opens {@code file}; a name ending in {@code .gz} is read through gzip, and byte offsets in
     * messages are then offsets in the uncompressed stream.
     */
    public static ContainerLogFileReader open(Path file, BadLineListener onBadLine) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream in = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(raw, 64 * 1024) : new BufferedInputStream(raw, 64 * 1024);
            return new ContainerLogFileReader(file.toString(), in, onBadLine);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Reads from a stream positioned at the start of a file.
     *
     * @param fileName the name used in bad-line messages
     */
    public ContainerLogFileReader(String fileName, InputStream in, BadLineListener onBadLine) {
        this.fileName = fileName;
        this.in = in;
        this.lines = new LogLineReader(in);
        this.onBadLine = onBadLine;
    }

    /** Fills {@code into} with the next record that parses; false at the end of the file. */
    public boolean next(LogRecord into) throws IOException {
        while (lines.next()) {
            byte[] buf = lines.buffer();
            int start = lines.lineStart();
            int length = lines.lineLength();
            try {
                if (parser == null) {
                    format = LogFormat.detect(buf, start, length);
                    parser = format.newParser();
                }
                parser.parse(buf, start, length, into);
                return true;
            } catch (LogFormatException e) {
                onBadLine.badLine(e.at(fileName, lines.lineNumber(), lines.lineOffset()), e);
            }
        }
        return false;
    }

    /** The detected format, or null until a first line has been recognised. */
    public LogFormat format() {
        return format;
    }

    /** 1-based number of the line of the last record returned (or reported). */
    public long lineNumber() {
        return lines.lineNumber();
    }

    /** Byte offset of that line. */
    public long lineOffset() {
        return lines.lineOffset();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
