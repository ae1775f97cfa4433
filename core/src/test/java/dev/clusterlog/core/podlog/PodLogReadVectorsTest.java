package dev.clusterlog.core.podlog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlog.core.time.Rfc3339;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** kubelet's ReadLogs and logWriter cases (vectors/kubernetes-cri-logs readlogs_cases, write_cases). */
class PodLogReadVectorsTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> readLogsCases() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Vectors.read("kubernetes-cri-logs/readlogs_cases.jsonl")) {
            if (!c.has("file_content")) {
                continue; // generator and scenario cases have their own tests below
            }
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> runReadLogsCase(c)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(12);
        return tests.stream();
    }

    private void runReadLogsCase(JsonNode c) throws Exception {
        Path containerDir = Files.createDirectories(dir.resolve("c" + System.nanoTime()));
        Path live = containerDir.resolve("0.log");
        Files.writeString(live, c.get("file_content").asText());
        JsonNode o = c.get("options");
        LogOptions options = LogOptions.DEFAULT
                .withTailLines(o.has("tailLines") ? o.get("tailLines").asLong() : -1)
                .withLimitBytes(o.has("limitBytes") ? o.get("limitBytes").asLong() : -1)
                .withFollow(o.path("follow").asBoolean(false))
                .withTimestamps(o.path("timestamps").asBoolean(false));
        if (o.has("sinceTime")) {
            String since = o.get("sinceTime").asText();
            options = options.withSince("<now>".equals(since) ? System.currentTimeMillis() * 1_000_000L
                    : Rfc3339.parseEpochNanos(since));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> errors = new ArrayList<>();
        boolean exited = "EXITED".equals(o.path("container_state").asText("EXITED"));
        new ContainerLogReader(ContainerLogFiles.instanceFiles(containerDir, 0), live, options,
                new PodLogWriter(out, err, options), errors::add, () -> !exited).read();
        assertThat(out.toString(UTF_8)).isEqualTo(c.get("expected_stdout").asText());
        assertThat(err.toString(UTF_8)).isEqualTo(c.get("expected_stderr").asText());
        assertThat(errors).isEmpty();
    }

    /** TestReadLogsLimitsWithTimestamps: the prefix is written once per logical line. */
    @org.junit.jupiter.api.Test
    void timestampsPrefixOnlyLogicalLineStarts() throws Exception {
        StringBuilder block = new StringBuilder();
        StringBuilder expectedBody = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            block.append("2022-10-29T16:10:22.592603036-05:00 stdout P ").append(i).append('\n');
            expectedBody.append(i);
        }
        block.append("2022-10-29T16:10:22.592603036-05:00 stdout F \n");
        Path live = Files.writeString(dir.resolve("0.log"), block.toString() + block);
        LogOptions options = LogOptions.DEFAULT.withTimestamps(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ContainerLogReader(List.of(live), live, options, PodLogWriter.toSingleOutput(out, options),
                e -> { throw new AssertionError(e); }, () -> false).read();
        String line = "2022-10-29T16:10:22.592603036-05:00 " + expectedBody + "\n";
        assertThat(out.toString(UTF_8)).isEqualTo(line + line);
    }

    @TestFactory
    Stream<DynamicTest> writeCases() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Vectors.read("kubernetes-cri-logs/write_cases.jsonl")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> runWriteCase(c)));
        }
        assertThat(tests).hasSize(12);
        return tests.stream();
    }

    private static void runWriteCase(JsonNode c) throws Exception {
        JsonNode o = c.get("options");
        LogOptions options = LogOptions.DEFAULT
                .withLimitBytes(o.has("limitBytes") ? o.get("limitBytes").asLong() : -1)
                .withTimestamps(o.path("timestamps").asBoolean(false));
        if (o.has("since")) {
            options = options.withSince(Rfc3339.parseEpochNanos(o.get("since").asText()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean onlyStdout = "Stdout".equals(o.path("stream").asText());
        PodLogWriter writer = new PodLogWriter(out, onlyStdout ? null : err, options);
        List<String[]> msgs = new ArrayList<>();
        if (c.has("msgs")) {
            c.get("msgs").forEach(m -> msgs.add(new String[] {m.get(0).asText(), m.get(1).asText(), "1970-01-01T00:00:00Z"}));
        } else {
            JsonNode m = c.get("msg");
            String ts = m.get("ts").asText();
            if (m.has("stream")) {
                msgs.add(new String[] {m.get("stream").asText(), m.get("log").asText(), ts});
            } else {
                for (int i = 0; i < c.get("write_stdout_times").asInt(); i++) {
                    msgs.add(new String[] {"stdout", m.get("log").asText(), ts});
                }
                for (int i = 0; i < c.get("then_write_stderr_times").asInt(); i++) {
                    msgs.add(new String[] {"stderr", m.get("log").asText(), ts});
                }
            }
        }
        for (String[] m : msgs) {
            byte[] content = m[1].getBytes(UTF_8);
            dev.clusterlog.core.format.LogRecord r = new dev.clusterlog.core.format.LogRecord();
            r.stream = dev.clusterlog.core.entry.LogStream.fromWireName(m[0]);
            Rfc3339.Parsed t = Rfc3339.parse(m[2]);
            r.epochNanos = t.epochNanos;
            r.offsetSeconds = t.offsetSeconds;
            r.buf = content;
            r.contentLength = content.length;
            if (!writer.write(r, true)) {
                break;
            }
        }
        assertThat(out.toString(UTF_8)).isEqualTo(c.get("expected_stdout").asText());
        if (c.has("expected_stderr")) {
            assertThat(err.toString(UTF_8)).isEqualTo(c.get("expected_stderr").asText());
        }
    }
}
