package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads a corpus back with core's readers ({@link ContainerLogFileReader}: CRI or Docker,
 * plain or gzip) and checks it against its manifest: per container, the files oldest first
 * (rotated by their timestamp, then the live file), {@code P} pieces joined to their line, the
 * logical line count and CRC32C; per file, the record count. Returns the mismatches, one line
 * each; an empty list means the corpus is what the manifest says.
 */
public final class CorpusVerifier {
    private CorpusVerifier() {
    }

    public static List<String> verify(Path corpus) throws IOException {
        CorpusManifest manifest = CorpusManifest.read(corpus);
        List<String> problems = new ArrayList<>();
        LogRecord record = new LogRecord();
        for (CorpusManifest.Container c : manifest.containers()) {
            Path dir = corpus.resolve("pods").resolve(c.relativeDirectory());
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.sorted(Comparator.comparing(CorpusVerifier::age)).toList();
            }
            List<String> names = files.stream().map(f -> "pods/" + c.relativeDirectory() + "/" + f.getFileName()).toList();
            List<String> expectedNames = c.files().stream().map(CorpusManifest.FileEntry::path).sorted(
                    Comparator.comparing(p -> age(Path.of(p)))).toList();
            if (!names.equals(expectedNames)) {
                problems.add(c.relativeDirectory() + ": files " + names + "; expected " + expectedNames);
                continue;
            }
            CRC32C crc = new CRC32C();
            long logical = 0;
            for (int i = 0; i < files.size(); i++) {
                long records = 0;
                List<String> bad = new ArrayList<>();
                try (ContainerLogFileReader r = ContainerLogFileReader.open(files.get(i), (m, e) -> bad.add(m))) {
                    while (r.next(record)) {
                        records++;
                        crc.update(record.buf, record.contentOffset, record.contentLength);
                        if (!record.partial) {
                            logical++;
                        }
                    }
                }
                problems.addAll(bad);
                CorpusManifest.FileEntry expected = find(c, names.get(i));
                if (records != expected.records()) {
                    problems.add(names.get(i) + ": " + records + " records; manifest says " + expected.records());
                }
            }
            String actual = String.format("%08x", crc.getValue());
            if (logical != c.logicalLines() || !actual.equals(c.logicalCrc32c())) {
                problems.add(c.relativeDirectory() + ": " + logical + " logical lines crc32c " + actual
                        + "; manifest says " + c.logicalLines() + " crc32c " + c.logicalCrc32c());
            }
        }
        return problems;
    }

    private static CorpusManifest.FileEntry find(CorpusManifest.Container c, String path) {
        return c.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }

    /** Sort key, oldest first: rotated files by their timestamp suffix, the live file last. */
    public static String age(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf(".log");
        String rest = name.substring(dot + ".log".length());
        return rest.isEmpty() ? "~" : rest.substring(1).replace(".gz", "");
    }
}
