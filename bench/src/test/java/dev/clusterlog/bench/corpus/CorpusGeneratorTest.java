package dev.clusterlog.bench.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogFormat;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.kubernetes.PodLogPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {
    private static final Pattern KUBELET_NAME = Pattern.compile("0\\.log(\\.\\d{8}-\\d{6}(\\.gz)?)?");

    /** A 3 MiB corpus of 20 containers rotating at 64 KiB: rotation and gzip in every busy container. */
    private static Path corpus;
    private static CorpusManifest manifest;

    @BeforeAll
    static void generate(@TempDir Path dir) throws IOException {
        corpus = dir.resolve("corpus");
        manifest = new CorpusGenerator(spec(3 << 20, 11, corpus), library()).generate();
    }

    private static SeedLibrary library;

    /** The shared datasets when the build sees them, else the built-in templates; loaded once. */
    static synchronized SeedLibrary library() throws IOException {
        if (library == null) {
            String shared = System.getProperty("clusterlog.shared");
            library = SeedLibrary.load(null, shared == null ? null : Path.of(shared, "datasets"));
        }
        return library;
    }

    static CorpusSpec spec(long size, long seed, Path out) {
        return CorpusSpec.defaults(size, seed, out).withContainers(20).withRotateBytes(64 * 1024);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes(@TempDir Path dir) throws IOException {
        SeedLibrary library = library();
        new CorpusGenerator(spec(1 << 20, 5, dir.resolve("a")), library).generate();
        new CorpusGenerator(spec(1 << 20, 5, dir.resolve("b")), library).generate();
        new CorpusGenerator(spec(1 << 20, 6, dir.resolve("c")), library).generate();

        List<String> a = tree(dir.resolve("a"));
        assertThat(a).hasSizeGreaterThan(20).isEqualTo(tree(dir.resolve("b")));
        for (String f : a) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
        }
        assertThat(Files.readAllBytes(dir.resolve("c/raw.txt"))).isNotEqualTo(Files.readAllBytes(dir.resolve("a/raw.txt")));
        assertThat(tree(dir.resolve("c"))).isNotEqualTo(a);
    }

    @Test
    void theManifestMatchesTheFilesReadBackWithCoreReaders() throws IOException {
        assertThat(CorpusVerifier.verify(corpus)).isEmpty();
        long rawLines;
        try (Stream<String> lines = Files.lines(corpus.resolve("raw.txt"), StandardCharsets.ISO_8859_1)) {
            rawLines = lines.count();
        }
        assertThat(manifest.logicalLines()).isEqualTo(rawLines).isEqualTo(manifest.rawLines()).isGreaterThan(5000);
        assertThat(manifest.containers()).hasSize(20);
        assertThat(manifest.containers().stream().map(CorpusManifest.Container::format)).contains("cri");
        assertThat(manifest.containers().stream().mapToLong(CorpusManifest.Container::stderrLines).sum()).isPositive();
        // the Zipf skew: the busiest container writes many times what the quietest writes
        List<Long> lines = manifest.containers().stream().map(CorpusManifest.Container::logicalLines).sorted().toList();
        assertThat(lines.get(lines.size() - 1)).isGreaterThan(5 * Math.max(1, lines.get(0)));
    }

    @Test
    void theVerifierNoticesALostLine(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("copy");
        new CorpusGenerator(spec(256 << 10, 3, copy), library()).generate();
        CorpusManifest m = CorpusManifest.read(copy);
        CorpusManifest.FileEntry live = m.plainFiles().stream().filter(f -> f.records() > 2).findFirst().orElseThrow();
        Path file = copy.resolve(live.path());
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        Files.writeString(file, text.substring(text.indexOf('\n') + 1), StandardCharsets.ISO_8859_1);

        assertThat(CorpusVerifier.verify(copy)).isNotEmpty().anySatisfy(p -> assertThat(p).contains(live.path()));
    }

    @Test
    void aManifestWithAWrongChecksumIsRefused(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("m");
        Files.createDirectories(copy);
        String text = Files.readString(corpus.resolve(CorpusManifest.FILE_NAME));
        Files.writeString(copy.resolve(CorpusManifest.FILE_NAME), text.replaceFirst("\"seed\":11", "\"seed\":12"));

        assertThatThrownBy(() -> CorpusManifest.read(copy)).isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void longLinesAreSplitInto16KiBPartialPieces() throws IOException {
        long longLines = manifest.containers().stream().mapToLong(CorpusManifest.Container::longLines).sum();
        assertThat(longLines).isPositive();
        long partials = 0;
        long reassembledLong = 0;
        LogRecord r = new LogRecord();
        for (Path f : files(corpus.resolve("pods"))) {
            long pending = 0;
            try (ContainerLogFileReader reader = ContainerLogFileReader.open(f, (m, e) -> {
                throw new AssertionError(m);
            })) {
                while (reader.next(r)) {
                    if (r.partial) {
                        partials++;
                        assertThat(r.contentLength).as(f + " line " + reader.lineNumber()).isEqualTo(16 * 1024);
                        pending += r.contentLength;
                    } else {
                        if (pending > 0 && pending + r.contentLength - 1 > 16 * 1024) {
                            reassembledLong++;
                        }
                        pending = 0;
                    }
                }
            }
        }
        assertThat(partials).isGreaterThanOrEqualTo(longLines);
        // a line whose P pieces and F land in two files (rotation between them) is not counted here
        assertThat(reassembledLong).isPositive().isLessThanOrEqualTo(longLines);
    }

    @Test
    void rotatedFilesAreNamedAndCompressedAsKubeletLeavesThem() throws IOException {
        int rotated = 0;
        int compressed = 0;
        for (CorpusManifest.Container c : manifest.containers()) {
            Path dir = corpus.resolve("pods").resolve(c.relativeDirectory());
            List<String> names;
            try (Stream<Path> list = Files.list(dir)) {
                names = list.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertThat(names).allMatch(n -> KUBELET_NAME.matcher(n).matches()).contains("0.log");
            List<String> plainRotated = new ArrayList<>();
            String newestRotated = null;
            for (String n : names) {
                PodLogPath p = PodLogPath.parse(dir.resolve(n).toString()).orElseThrow();
                assertThat(p.namespace()).isEqualTo(c.namespace());
                assertThat(p.podName()).isEqualTo(c.pod());
                assertThat(p.podUid()).isEqualTo(c.uid());
                assertThat(p.containerName()).isEqualTo(c.container());
                if (p.isRotated()) {
                    rotated++;
                    if (newestRotated == null || p.rotationTimestamp().compareTo(newestRotated) > 0) {
                        newestRotated = p.rotationTimestamp();
                    }
                    if (p.compressed()) {
                        compressed++;
                        try (InputStream in = Files.newInputStream(dir.resolve(n))) {
                            byte[] magic = in.readNBytes(2);
                            assertThat(magic).containsExactly(0x1f, 0x8b);
                        }
                    } else {
                        plainRotated.add(p.rotationTimestamp());
                    }
                }
            }
            // kubelet keeps only the newest rotated file uncompressed
            assertThat(plainRotated).hasSizeLessThanOrEqualTo(1);
            if (!plainRotated.isEmpty()) {
                assertThat(plainRotated.get(0)).isEqualTo(newestRotated);
            }
        }
        assertThat(rotated).isGreaterThan(20);
        assertThat(compressed).isPositive();
    }

    @Test
    void someContainersWriteDockerJsonFiles(@TempDir Path dir) throws IOException {
        CorpusSpec all = new CorpusSpec(512 << 10, 9, dir.resolve("d"), 10, 1.0, 0.005, 0.01, 0.5, 64 * 1024, 1);
        CorpusManifest m = new CorpusGenerator(all, library()).generate();
        List<String> formats = m.containers().stream().map(CorpusManifest.Container::format).distinct().sorted().toList();
        assertThat(formats).containsExactly("cri", "docker");
        for (CorpusManifest.Container c : m.containers()) {
            Path live = dir.resolve("d/pods").resolve(c.relativeDirectory()).resolve("0.log");
            if (Files.size(live) == 0) {
                continue;
            }
            try (ContainerLogFileReader reader = ContainerLogFileReader.open(live, (msg, e) -> {
                throw new AssertionError(msg);
            })) {
                reader.next(new LogRecord());
                assertThat(reader.format()).isEqualTo(c.format().equals("docker") ? LogFormat.DOCKER_JSON : LogFormat.CRI);
            }
        }
        assertThat(CorpusVerifier.verify(dir.resolve("d"))).isEmpty();
    }

    @Test
    void withoutSeedFilesTheBuiltInTemplatesAreUsed(@TempDir Path dir) throws IOException {
        SeedLibrary builtin = SeedLibrary.load(null, dir.resolve("no-such-datasets"));
        assertThat(builtin.origin()).isEqualTo("builtin");
        new CorpusGenerator(spec(256 << 10, 1, dir.resolve("b")), builtin).generate();
        assertThat(CorpusVerifier.verify(dir.resolve("b"))).isEmpty();
    }

    @Test
    void aUsersDirectoryIsResampled(@TempDir Path dir) throws IOException {
        Path from = dir.resolve("mylogs");
        Files.createDirectories(from);
        Files.writeString(from.resolve("app.log"), "2024-05-01 10:00:00 INFO started worker 17\n"
                + "2024-05-01 10:00:01 ERROR failed job 4711\njava.lang.IllegalStateException: boom\n"
                + "\tat com.example.Job.run(Job.java:42)\n");
        SeedLibrary library = SeedLibrary.load(from, null);
        assertThat(library.origin()).startsWith("from:");
        new CorpusGenerator(spec(128 << 10, 1, dir.resolve("u")), library).generate();
        String raw = Files.readString(dir.resolve("u/raw.txt"));
        assertThat(raw).contains("INFO started worker ").contains("\tat com.example.Job.run(Job.java:");
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
