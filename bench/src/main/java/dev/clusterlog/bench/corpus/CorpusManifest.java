package dev.clusterlog.bench.corpus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clusterlog.core.io.AtomicFileWriter;
import dev.clusterlog.core.io.CorruptFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The manifest of a generated corpus ({@code <out>/manifest.json}): what each container wrote,
 * so that what a system delivers can be checked against what was expected.
 *
 * <p>Grammar (one JSON object, UTF-8, keys in this order):
 * <pre>
 * manifest   = { "format":"clusterlog-bench-corpus", "version":1, "seed":N, "origin":S, "sizeBytes":N,
 *                "rawText":"raw.txt", "rawLines":N, "rawBytes":N, "rareToken":S, "rareTokenContainer":S,
 *                "containers":[container...], "manifestCrc32c":HEX8 }
 * container  = { "namespace","pod","uid","container", "format":"cri"|"docker", "source",
 *                "logicalLines","stdoutLines","stderrLines","longLines", "logicalCrc32c":HEX8,
 *                "files":[file...] }
 * file       = { "path": relative to the corpus directory, "records":N, "bytes":N (uncompressed),
 *                "recordCrcSum":N, "compressed":bool }
 * </pre>
 * {@code logicalCrc32c} is the CRC32C of the container's logical lines in order, each followed by
 * {@code \n} (P/F pieces reassembled). {@code recordCrcSum} is the sum, modulo 2^64, of the CRC32C
 * of each physical record of the file without its {@code \n}: independent of order, so a TCP sink
 * can check content that arrives interleaved. {@code manifestCrc32c} is the CRC32C of every byte
 * of the file before the text {@code ,"manifestCrc32c"}; {@link #read} checks it and the version.
 */
public record CorpusManifest(String format, int version, long seed, String origin, long sizeBytes, String rawText,
        long rawLines, long rawBytes, String rareToken, String rareTokenContainer, List<Container> containers) {

    public static final String FORMAT = "clusterlog-bench-corpus";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    private static final String CRC_FIELD = ",\"manifestCrc32c\":\"";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public record Container(String namespace, String pod, String uid, String container, String format,
            String source, long logicalLines, long stdoutLines, long stderrLines, long longLines,
            String logicalCrc32c, List<FileEntry> files) {

        /** {@code <ns>_<pod>_<uid>/<container>}, relative to the pods directory. */
        public String relativeDirectory() {
            return namespace + "_" + pod + "_" + uid + "/" + container;
        }
    }

    public record FileEntry(String path, long records, long bytes, long recordCrcSum, boolean compressed) {
    }

    /** Every file that is not gzip-compressed: what rsyslog, syslog-ng and {@code cat} can read. */
    public List<FileEntry> plainFiles() {
        return containers.stream().flatMap(c -> c.files().stream()).filter(f -> !f.compressed()).toList();
    }

    public long logicalLines() {
        return containers.stream().mapToLong(Container::logicalLines).sum();
    }

    public long records() {
        return containers.stream().flatMap(c -> c.files().stream()).mapToLong(FileEntry::records).sum();
    }

    public long fileBytes() {
        return containers.stream().flatMap(c -> c.files().stream()).mapToLong(FileEntry::bytes).sum();
    }

    public void write(Path directory) throws IOException {
        byte[] body = JSON.writeValueAsBytes(this);
        // body ends with '}': splice the checksum of everything before it in as the last field
        int prefix = body.length - 1;
        CRC32C crc = new CRC32C();
        crc.update(body, 0, prefix);
        String tail = CRC_FIELD + String.format("%08x", crc.getValue()) + "\"}\n";
        byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
        try (AtomicFileWriter out = AtomicFileWriter.open(directory.resolve(FILE_NAME))) {
            out.write(body, 0, prefix);
            out.write(tailBytes, 0, tailBytes.length);
            out.commit();
        }
    }

    /** Reads and checks {@code <directory>/manifest.json}. */
    public static CorpusManifest read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(CRC_FIELD);
        if (at < 0) {
            throw new CorruptFileException(file, 0,
                    "no manifestCrc32c field; expected a manifest written by CorpusMain");
        }
        int prefixBytes = text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, prefixBytes);
        String expected = text.substring(at + CRC_FIELD.length(), Math.min(text.length(), at + CRC_FIELD.length() + 8));
        String actual = String.format("%08x", crc.getValue());
        if (!actual.equals(expected)) {
            throw new CorruptFileException(file, prefixBytes, "checksum mismatch: actual=" + actual + " vs expected="
                    + expected);
        }
        CorpusManifest m = JSON.readValue(bytes, CorpusManifest.class);
        if (!FORMAT.equals(m.format()) || m.version() != VERSION) {
            throw new CorruptFileException(file, 0, "format " + m.format() + " version " + m.version() + "; expected "
                    + FORMAT + " version " + VERSION);
        }
        return m;
    }
}
