package dev.clusterlog.core.podlog;

import dev.clusterlog.core.format.LogFormat;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogLineParser;
import dev.clusterlog.core.format.LogLineReader;
import dev.clusterlog.core.format.LogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads one container instance's log files with kubelet's {@code ReadLogs} semantics, and one
 * thing more: the instance's rotated files (compressed or not) are read too, oldest first, so a
 * rotation never hides lines.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>All files are opened before reading (see {@link LogFileHandle}); {@code --tail} is
 *       located over all of them with {@link TailLocator}.</li>
 *   <li>The format is detected per file on the first line read (kubelet's {@code getParseFunc});
 *       a line that cannot be parsed is reported once through {@code errors} as
 *       {@code FILE:LINE: byte OFFSET: REASON} and skipped. Line numbers count from where the
 *       read started in that file (kubelet seeks for {@code --tail} too).</li>
 *   <li>Timestamps prefix only the start of a logical line: the previous record ended with
 *       {@code \n} ({@code isNewLine} in kubelet), across files.</li>
 *   <li>Follow: after the last file's end, the directory is watched (inotify through
 *       {@link WatchService}, with a 250 ms poll as backstop, kubelet forces a check every 1 s).
 *       When the live path names another file than the open one, the live file was rotated: the
 *       old handle is read to its end, then the new file from its start. An incomplete last
 *       line waits until its newline arrives, or until the container stopped. Reading ends when
 *       {@code running} says the instance no longer runs and its file is drained.</li>
 * </ul>
 * Not thread-safe; one reader per request.
 */
public final class ContainerLogReader {
    private static final long FOLLOW_POLL_MILLIS = 250;

    private final Path liveFile;
    private final List<Path> files;
    private final LogOptions options;
    private final PodLogWriter writer;
    private final Consumer<String> errors;
    private final BooleanSupplier running;

    private final LogRecord record = new LogRecord();
    private LogLineParser parser;
    private boolean startsLine = true;
    private boolean stopped;

    /**
     * @param files the instance's files, oldest first (see {@link ContainerLogFiles#instanceFiles})
     * @param liveFile the path of the live file ({@code <n>.log}) that follow watches for rotation
     * @param errors receives one line per unparsable log line
     * @param running whether the instance still runs (follow only)
     */
    public ContainerLogReader(List<Path> files, Path liveFile, LogOptions options, PodLogWriter writer,
            Consumer<String> errors, BooleanSupplier running) {
        this.files = List.copyOf(files);
        this.liveFile = liveFile;
        this.options = options;
        this.writer = writer;
        this.errors = errors;
        this.running = running;
    }

    /** Reads (and with follow, keeps reading) until done, the byte budget is spent, or interrupted. */
    public void read() throws IOException, InterruptedException {
        if (options.tailLines() == 0 && !options.follow() || writer.exhausted()) {
            return;
        }
        List<LogFileHandle> handles = new ArrayList<>();
        try {
            for (Path p : files) {
                LogFileHandle h = LogFileHandle.openIfExists(p);
                if (h != null) {
                    handles.add(h);
                }
            }
            TailLocator.Start start = TailLocator.locate(handles, options.tailLines());
            LogFileHandle last = handles.isEmpty() ? null : handles.get(handles.size() - 1);
            boolean lastIsLive = last != null && !last.compressed() && last.path().equals(liveFile);
            long livePosition = 0;
            for (int i = start.fileIndex(); i < handles.size() && !stopped; i++) {
                LogFileHandle h = handles.get(i);
                boolean first = i == start.fileIndex();
                long offset = first ? start.byteOffset() : 0;
                long skip = first ? start.skipLines() : 0;
                boolean follow = options.follow() && h == last && lastIsLive;
                livePosition = readFile(h, offset, skip, follow, true);
            }
            if (options.follow() && !stopped) {
                follow(lastIsLive ? last : null, livePosition);
            }
        } finally {
            for (LogFileHandle h : handles) {
                h.close();
            }
        }
    }

    /**
     * Reads a file from an offset, skipping lines first (compressed files after a tail seek).
     *
     * @param completeLinesOnly stop before an incomplete last line (follow keeps it for later)
     * @param newFile the first read of this file: its format is detected anew
     * @return the offset after the last line read
     */
    private long readFile(LogFileHandle h, long offset, long skipLines, boolean completeLinesOnly, boolean newFile)
            throws IOException {
        if (newFile) {
            parser = null;
        }
        String name = h.path().toString();
        try (InputStream in = h.openStream(h.compressed() ? 0 : offset)) {
            LogLineReader lines = new LogLineReader(in, 64 * 1024, h.compressed() ? 0 : offset);
            long position = offset;
            while (lines.next()) {
                if (completeLinesOnly && !lines.endsWithNewline()) {
                    break;
                }
                position = lines.nextOffset();
                if (skipLines > 0) {
                    skipLines--;
                    continue;
                }
                if (!writeLine(lines, name)) {
                    stopped = true;
                    break;
                }
            }
            return position;
        }
    }

    private boolean writeLine(LogLineReader lines, String fileName) throws IOException {
        byte[] buf = lines.buffer();
        int off = lines.lineStart();
        int len = lines.lineLength();
        try {
            if (parser == null) {
                parser = LogFormat.detect(buf, off, len).newParser();
            }
            parser.parse(buf, off, len, record);
        } catch (LogFormatException e) {
            errors.accept(e.at(fileName, lines.lineNumber(), lines.lineOffset()));
            return true;
        }
        boolean more = writer.write(record, startsLine);
        startsLine = record.endsLine();
        return more;
    }

    private void follow(LogFileHandle current, long position) throws IOException, InterruptedException {
        Path dir = liveFile.getParent();
        LogFileHandle open = current;
        long pos = position;
        boolean fresh = false;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            if (Files.isDirectory(dir)) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            }
            while (!stopped) {
                // ask before reading: lines written before the container stopped are then read below
                boolean stillRunning = running.getAsBoolean();
                if (open != null) {
                    pos = readFile(open, pos, 0, true, fresh);
                    fresh = false;
                }
                if (stopped) {
                    return;
                }
                Object liveKey = fileKeyOrNull(liveFile);
                if (liveKey != null && (open == null || !liveKey.equals(open.fileKey()))) {
                    // rotated (or created): finish the old file, then read the new one from its start
                    if (open != null) {
                        readFile(open, pos, 0, false, false);
                        if (open != current) {
                            open.close();
                        }
                    }
                    open = LogFileHandle.openIfExists(liveFile);
                    pos = 0;
                    fresh = true;
                    continue;
                }
                if (!stillRunning) {
                    if (open != null) {
                        readFile(open, pos, 0, false, fresh);
                    }
                    return;
                }
                var key = watch.poll(FOLLOW_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (ClosedWatchServiceException e) {
            // closed by an interrupt: stop following
        } finally {
            if (open != null && open != current) {
                open.close();
            }
        }
    }

    private static Object fileKeyOrNull(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
