package dev.clusterlog.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogFileReaderTest {
    private static final String GOOD_1 = "2016-10-06T00:17:09.669794202Z stdout F first\n";
    private static final String BAD = "2016-10-06T00:17:09.669794202Z stdout\n";
    private static final String GOOD_2 = "2016-10-06T00:17:10.113242941Z stderr P second\n";
    private static final String GOOD_3 = "2016-10-06T00:17:10.113242942Z stderr F third";

    @TempDir
    Path dir;

    @Test
    void reportsABadLineInTheMiddleOnceAndContinues() throws IOException {
        Path file = dir.resolve("0.log");
        Files.writeString(file, GOOD_1 + BAD + GOOD_2 + BAD + GOOD_3);
        List<String> bad = new ArrayList<>();
        List<String> contents = readAll(file, bad);
        assertThat(contents).containsExactly("stdout F first\n", "stderr P second", "stderr F third");
        long badOffset = GOOD_1.length();
        long secondBadOffset = GOOD_1.length() + BAD.length() + GOOD_2.length();
        assertThat(bad).containsExactly(
                file + ":2: byte " + badOffset + ": stream type is not found",
                file + ":4: byte " + secondBadOffset + ": stream type is not found");
    }

    @Test
    void readsGzipByNameAndDockerJson() throws IOException {
        Path file = dir.resolve("0.log.20180215-010737.gz");
        String first = "{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"2016-10-20T18:39:20.57606443Z\"}\n";
        String docker = first + "{\"log\":\"b\",\"stream\":\"stdout\"}\n"
                + "{\"log\":\"c\",\"stream\":\"stderr\",\"time\":\"2016-10-20T18:39:21Z\"}\n";
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(docker.getBytes(StandardCharsets.UTF_8));
        }
        List<String> bad = new ArrayList<>();
        assertThat(readAll(file, bad)).containsExactly("stdout F a\n", "stderr P c");
        assertThat(bad).singleElement().asString().isEqualTo(file + ":2: byte " + first.length() + ": field \"time\" is missing");
    }

    @Test
    void reportsAnUnrecognisedFirstLineAndDetectsOnTheNextLine() throws IOException {
        Path file = dir.resolve("1.log");
        Files.writeString(file, "torn line\n" + GOOD_1);
        List<String> bad = new ArrayList<>();
        try (ContainerLogFileReader reader = ContainerLogFileReader.open(file, (m, e) -> bad.add(m))) {
            assertThat(reader.format()).isNull();
            LogRecord record = new LogRecord();
            assertThat(reader.next(record)).isTrue();
            assertThat(reader.format()).isEqualTo(LogFormat.CRI);
            assertThat(record.stream).isEqualTo(LogStream.STDOUT);
            assertThat(reader.lineNumber()).isEqualTo(2);
            assertThat(reader.next(record)).isFalse();
        }
        assertThat(bad).containsExactly(file + ":1: byte 0: unsupported log format: \"torn line\\n\"");
    }

    private static List<String> readAll(Path file, List<String> bad) throws IOException {
        List<String> contents = new ArrayList<>();
        try (ContainerLogFileReader reader = ContainerLogFileReader.open(file, (message, cause) -> {
            assertThat(message).doesNotContain("\n");
            bad.add(message);
        })) {
            LogRecord record = new LogRecord();
            while (reader.next(record)) {
                contents.add(record.stream.wireName() + (record.partial ? " P " : " F ")
                        + new String(record.content(), StandardCharsets.UTF_8));
            }
        }
        return contents;
    }
}
