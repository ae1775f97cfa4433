package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.cri.ContainerdLineSplitter;
import dev.clusterlog.core.cri.CriLineWriter;
import dev.clusterlog.core.docker.DockerJsonLineWriter;
import dev.clusterlog.core.entry.LogStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * One simulated container's log files: logical lines are cut into records as containerd does
 * ({@link ContainerdLineSplitter}, 16 KiB {@code P} pieces) and written as CRI
 * ({@link CriLineWriter}) or Docker json-file ({@link DockerJsonLineWriter}) records to
 * {@code <container>/0.log}; when the live file reaches the rotation size after a record (so a
 * {@code P} piece and its {@code F} may land in different files, as with kubelet) it is renamed
 * to {@code 0.log.<YYYYMMDD-hhmmss>} (UTC of the simulated clock) and the previous uncompressed
 * rotated file is handed to the compressor, which leaves {@code 0.log.<ts>.gz}: kubelet's layout,
 * where the newest rotated file stays plain. kubelet would overwrite a rotated file of the same
 * second; here the suffix moves on by one second instead, so no line is ever lost.
 *
 * <p>Counts: logical lines, physical records and bytes per file; a CRC32C over the logical lines
 * (each line's bytes then {@code \n}) in order; per file, the sum of the CRC32C of each physical
 * record without its {@code \n} (order-independent, so a sink that receives the files' lines in
 * any order can check their content). Not thread-safe: the generator's single thread owns it.
 */
final class ContainerLog {
    static final DateTimeFormatter ROTATION_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    static final String LIVE_NAME = "0.log";

    /** One file of this container, as listed in the manifest. */
    static final class FileStats {
        String name;
        long records;
        long bytes;
        long recordCrcSum;
        boolean compressed;
    }

    final String namespace;
    final String pod;
    final String uid;
    final String container;
    final boolean docker;
    final String sourceName;
    final LineSource source;
    final double stderrShare;
    final Path directory;

    long logicalLines;
    long stdoutLines;
    long stderrLines;
    long longLines;
    final CRC32C logicalCrc = new CRC32C();
    final List<FileStats> files = new ArrayList<>();

    private final long rotateBytes;
    private final Consumer<Path> compressor;
    private final CRC32C recordCrc = new CRC32C();
    private final ContainerdLineSplitter splitter;
    private OutputStream out;
    private CriLineWriter cri;
    private DockerJsonLineWriter json;
    private FileStats live;
    private Path previousRotated;
    private long lastRotationSecond = Long.MIN_VALUE;
    private long currentNanos;
    /** Physical bytes written to all of this container's files. */
    private long bytesWritten;
    private LogStream currentStream;
    private byte[] dockerScratch = new byte[1024];

    ContainerLog(String namespace, String pod, String uid, String container, boolean docker, LineSource source,
            double stderrShare, Path podsDirectory, long rotateBytes, Consumer<Path> compressor) throws IOException {
        this.namespace = namespace;
        this.pod = pod;
        this.uid = uid;
        this.container = container;
        this.docker = docker;
        this.source = source;
        this.sourceName = source.name();
        this.stderrShare = stderrShare;
        this.directory = podsDirectory.resolve(namespace + "_" + pod + "_" + uid).resolve(container);
        this.rotateBytes = rotateBytes;
        this.compressor = compressor;
        this.splitter = new ContainerdLineSplitter(ContainerdLineSplitter.CONTAINERD_MAX_LINE_SIZE, this::record);
        Files.createDirectories(directory);
        openLive();
    }

    /** The path relative to the pods directory: {@code <ns>_<pod>_<uid>/<container>}. */
    String relativeDirectory() {
        return namespace + "_" + pod + "_" + uid + "/" + container;
    }

    /** Writes lines (each ended by {@code \n}) of one event; returns the physical bytes written. */
    long writeLines(long epochNanos, LogStream stream, byte[] text, int off, int len) throws IOException {
        long before = totalBytes();
        if (docker) {
            // moby writes invalid UTF-8 as U+FFFD: keep Docker containers' text valid so it reads back as written
            replaceInvalidUtf8(text, off, off + len);
        }
        currentNanos = epochNanos;
        currentStream = stream;
        int end = off + len;
        int p = off;
        while (p < end) {
            int nl = p;
            while (text[nl] != '\n') {
                nl++;
            }
            logicalCrc.update(text, p, nl + 1 - p);
            logicalLines++;
            if (stream == LogStream.STDOUT) {
                stdoutLines++;
            } else {
                stderrLines++;
            }
            if (nl - p > ContainerdLineSplitter.CONTAINERD_MAX_LINE_SIZE) {
                longLines++;
            }
            splitter.feed(text, p, nl + 1 - p);
            p = nl + 1;
        }
        return totalBytes() - before;
    }

    /** Replaces each byte that is not part of a well-formed UTF-8 sequence with {@code ?}. */
    static void replaceInvalidUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            int n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
            boolean ok = n >= 0 && i + n < to;
            for (int k = 1; ok && k <= n; k++) {
                ok = (b[i + k] & 0xc0) == 0x80;
            }
            if (ok && n == 2) {
                int c1 = b[i + 1] & 0xff;
                ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
            } else if (ok && n == 3) {
                int c1 = b[i + 1] & 0xff;
                ok = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
            }
            if (ok) {
                i += n + 1;
            } else {
                b[i++] = '?';
            }
        }
    }

    private long totalBytes() {
        return bytesWritten;
    }

    /** One record from the splitter: encoded, written, counted, maybe followed by a rotation. */
    private void record(boolean partial, byte[] content, int off, int len) throws IOException {
        if (docker) {
            int n = len + (partial ? 0 : 1);
            if (dockerScratch.length < n) {
                dockerScratch = new byte[Math.max(n, dockerScratch.length * 2)];
            }
            System.arraycopy(content, off, dockerScratch, 0, len);
            if (!partial) {
                dockerScratch[len] = '\n';
            }
            json.write(currentNanos, currentStream, dockerScratch, 0, n);
        } else {
            cri.write(currentNanos, 0, currentStream, partial, content, off, len);
        }
        if (live.bytes >= rotateBytes) {
            rotate();
        }
    }

    private void openLive() throws IOException {
        live = new FileStats();
        live.name = LIVE_NAME;
        files.add(live);
        FileStats stats = live;
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(directory.resolve(LIVE_NAME)), 64 * 1024);
        // every writer call is one whole record: count and checksum it here
        out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("records are written whole");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                recordCrc.reset();
                recordCrc.update(b, off, len - 1);
                stats.recordCrcSum += recordCrc.getValue();
                stats.records++;
                stats.bytes += len;
                bytesWritten += len;
                file.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
        if (docker) {
            json = new DockerJsonLineWriter(out);
        } else if (cri == null) {
            cri = new CriLineWriter(out);
        } else {
            cri.setOutput(out);
        }
    }

    private void rotate() throws IOException {
        out.close();
        long second = Math.max(Math.floorDiv(currentNanos, 1_000_000_000L), lastRotationSecond + 1);
        lastRotationSecond = second;
        String rotatedName = LIVE_NAME + "." + ROTATION_SUFFIX.format(Instant.ofEpochSecond(second));
        Path rotated = directory.resolve(rotatedName);
        Files.move(directory.resolve(LIVE_NAME), rotated);
        live.name = rotatedName;
        if (previousRotated != null) {
            FileStats older = files.get(files.size() - 2);
            older.compressed = true;
            older.name = older.name + ".gz";
            compressor.accept(previousRotated);
        }
        previousRotated = rotated;
        openLive();
    }

    void close() throws IOException {
        splitter.finish();
        out.close();
    }
}
