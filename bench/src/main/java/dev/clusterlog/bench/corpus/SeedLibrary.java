package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.format.LogFormat;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogLineParser;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.io.ByteWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The text sources a corpus is resampled from, in a fixed order (sorted paths) so a seed gives
 * the same corpus on every machine holding the same seed files:
 * <ul>
 *   <li>a user's directory ({@code --from DIR}): every text file under it is a {@link RawLineSource};</li>
 *   <li>else the shared datasets ({@code ../shared/datasets}): each loghub {@code *_structured.csv}
 *       is a {@link TemplateSource}, every other text log file (filebeat fixtures, Kafka, OpenStack,
 *       Go test output, plaso samples) a {@link RawLineSource}; loghub's raw {@code .log} files are
 *       skipped, their structured twins cover them;</li>
 *   <li>else the {@link BuiltinSource} templates.</li>
 * </ul>
 */
public final class SeedLibrary {
    /** Raw seed files larger than this are read up to this size only. */
    private static final int MAX_RAW_FILE_BYTES = 8 * 1024 * 1024;

    private final String origin;
    private final List<LineSource> sources;

    private SeedLibrary(String origin, List<LineSource> sources) {
        this.origin = origin;
        this.sources = List.copyOf(sources);
    }

    /** What the corpus was resampled from: {@code datasets:DIR}, {@code from:DIR} or {@code builtin}. */
    public String origin() {
        return origin;
    }

    List<LineSource> sources() {
        return sources;
    }

    public int size() {
        return sources.size();
    }

    /** The built-in templates only. */
    public static SeedLibrary builtin() {
        return new SeedLibrary("builtin", List.of(BuiltinSource.all()));
    }

    /**
     * The user's directory when given, else the datasets directory when it exists and yields
     * sources, else the built-in templates.
     */
    public static SeedLibrary load(Path fromDirectory, Path datasetsDirectory) throws IOException {
        if (fromDirectory != null) {
            if (!Files.isDirectory(fromDirectory)) {
                throw new IOException("--from " + fromDirectory + ": not a directory");
            }
            List<LineSource> s = scan(fromDirectory, false);
            if (s.isEmpty()) {
                throw new IOException("--from " + fromDirectory + ": no text log files found under it");
            }
            return new SeedLibrary("from:" + fromDirectory, s);
        }
        if (datasetsDirectory != null && Files.isDirectory(datasetsDirectory)) {
            List<LineSource> s = scan(datasetsDirectory, true);
            if (!s.isEmpty()) {
                return new SeedLibrary("datasets:" + datasetsDirectory, s);
            }
        }
        return builtin();
    }

    private static List<LineSource> scan(Path root, boolean datasets) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<LineSource> sources = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            // in the datasets, *.json files are the filebeat fixtures' expected outputs, not logs
            if (lower.startsWith("license") || lower.startsWith("readme") || lower.startsWith("sources")
                    || lower.startsWith("citation") || lower.endsWith(".md") || lower.endsWith(".gz")
                    || lower.endsWith(".zip") || lower.endsWith(".json") && datasets) {
                continue;
            }
            String sourceName = sourceName(root, f);
            if (datasets && lower.endsWith("_structured.csv")) {
                TemplateSource t = TemplateSource.load(sourceName, f);
                if (t != null) {
                    sources.add(t);
                }
                continue;
            }
            if (lower.endsWith(".csv") || datasets && root.relativize(f).startsWith("loghub")) {
                continue;
            }
            byte[] text = readPrefix(f);
            if (isText(text)) {
                text = unwrapContainerLog(text);
                RawLineSource r = RawLineSource.fromText(sourceName, text);
                if (r != null) {
                    sources.add(r);
                }
            }
        }
        return sources;
    }

    /** A DNS-label-friendly name: the seed file's name up to its first dot or underscore. */
    private static String sourceName(Path root, Path f) {
        String base = f.getFileName().toString().toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < base.length() && b.length() < 20; i++) {
            char c = base.charAt(i);
            if (c == '.' || c == '_') {
                break;
            }
            b.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c : '-');
        }
        String s = b.toString().replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "app" : s;
    }

    private static byte[] readPrefix(Path f) throws IOException {
        long size = Files.size(f);
        if (size <= MAX_RAW_FILE_BYTES) {
            return Files.readAllBytes(f);
        }
        try (var in = Files.newInputStream(f)) {
            return in.readNBytes(MAX_RAW_FILE_BYTES);
        }
    }

    /**
     * A seed file that is itself a container log (CRI or Docker json-file fixtures) gives its
     * records' content: the corpus wraps lines once, as a container runtime does, not twice.
     */
    static byte[] unwrapContainerLog(byte[] text) {
        int firstEnd = 0;
        while (firstEnd < text.length && text[firstEnd] != '\n') {
            firstEnd++;
        }
        LogFormat format;
        try {
            format = LogFormat.detect(text, 0, firstEnd);
        } catch (LogFormatException e) {
            return text;
        }
        LogLineParser parser = format.newParser();
        LogRecord record = new LogRecord();
        ByteWriter out = new ByteWriter(64 * 1024);
        int p = 0;
        while (p < text.length) {
            int end = p;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            try {
                parser.parse(text, p, end - p, record);
                int len = record.contentLength;
                if (len > 0 && record.buf[record.contentOffset + len - 1] == '\n') {
                    len--;
                }
                out.writeBytes(record.buf, record.contentOffset, len);
            } catch (LogFormatException e) {
                out.writeBytes(text, p, end - p);
            }
            out.writeByte((byte) '\n');
            p = end + 1;
        }
        return out.toByteArray();
    }

    /** Text when there is no NUL byte in the first 8 KiB. */
    private static boolean isText(byte[] b) {
        int n = Math.min(b.length, 8192);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return n > 0;
    }
}
