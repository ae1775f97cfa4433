package dev.clusterlog.runtime.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.runtime.log.RotationPolicy;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container writes numbered lines fast while the monitor rotates its log with a tiny max size:
 * the instance's files, rotated ones gunzipped, oldest first, then the live one, hold every number
 * exactly once and in order, with no torn line.
 */
class PodLogRotationTest {
    private static final Pattern CRI = Pattern.compile("\\S+ stdout F n (\\d+)");
    /** ~3.5 s of output in bursts, so that rotations (at most one per second: names have seconds) happen mid-stream. */
    private static final String WRITER = "i=0; while [ $i -lt 35000 ]; do echo \"n $i\"; i=$((i+1));"
            + " [ $((i % 500)) -eq 0 ] && sleep 0.05; done; exit 0";

    @TempDir
    Path root;

    private static String pod() {
        return """
                kind: Pod
                metadata: {name: rot}
                spec:
                  restartPolicy: Never
                  containers: [{name: w, command: [/bin/sh, -c, '%s']}]
                """.formatted(WRITER);
    }

    @Test
    void everyLineExactlyOnceAcrossRotations() throws Exception {
        RotationPolicy policy = new RotationPolicy(32 * 1024, 10, Duration.ofMillis(50));
        try (RunningPod pod = new RunningPod(root, pod(), policy)) {
            assertThat(pod.awaitOutcome()).isEqualTo(PodRunner.Outcome.SUCCEEDED);
            List<String> files = pod.files("w");
            assertThat(files).hasSizeBetween(3, 10);
            assertThat(files).anyMatch(f -> f.endsWith(".gz")).contains("0.log");
            List<Long> numbers = numbers(pod.podDir().resolve("w"), files);
            assertThat(numbers).hasSize(35000);
            for (int i = 0; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void atMostMaxFilesKeepingTheNewestLines() throws Exception {
        RotationPolicy policy = new RotationPolicy(16 * 1024, 2, Duration.ofMillis(50));
        try (RunningPod pod = new RunningPod(root, pod(), policy)) {
            assertThat(pod.awaitOutcome()).isEqualTo(PodRunner.Outcome.SUCCEEDED);
            List<String> files = pod.files("w");
            assertThat(files).hasSize(2).contains("0.log");
            List<Long> numbers = numbers(pod.podDir().resolve("w"), files);
            assertThat(numbers).isNotEmpty();
            assertThat(numbers.get(numbers.size() - 1)).isEqualTo(34999);
            for (int i = 1; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo(numbers.get(i - 1) + 1);
            }
        }
    }

    /** The numbers in the files: rotated ones (sorted by name, gunzipped) first, then the live one. */
    private static List<Long> numbers(Path dir, List<String> files) throws Exception {
        List<String> ordered = new ArrayList<>(files.stream().filter(f -> !f.equals("0.log")).sorted().toList());
        ordered.add("0.log");
        List<Long> out = new ArrayList<>();
        for (String f : ordered) {
            byte[] bytes;
            try (InputStream in = f.endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(dir.resolve(f)))
                    : Files.newInputStream(dir.resolve(f))) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                bytes = buf.toByteArray();
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                continue; // a live file just after a rotation
            }
            assertThat(text).as(f + " ends with a whole line").endsWith("\n");
            for (String line : text.split("\n")) {
                Matcher m = CRI.matcher(line);
                assertThat(m.matches()).as("whole CRI line in " + f + ": " + line).isTrue();
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }
}
