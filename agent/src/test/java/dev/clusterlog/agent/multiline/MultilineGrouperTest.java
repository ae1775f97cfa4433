package dev.clusterlog.agent.multiline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlog.agent.assemble.LineSink;
import dev.clusterlog.core.entry.LogStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultilineGrouperTest {
    static final Path VECTORS = Path.of(System.getProperty("clusterlog.shared", "../../shared"),
            "vectors/fluentbit-multiline/multiline_cases.jsonl");

    @ParameterizedTest
    @CsvSource({"java,java", "python,python", "go,go", "java,auto", "python,auto", "go,auto", "elastic_custom_regex,custom"})
    void fluentBitVectors(String name, String rules) throws Exception {
        JsonNode c = null;
        for (String line : Files.readAllLines(VECTORS)) {
            JsonNode n = new ObjectMapper().readTree(line);
            if (n.get("name").asText().equals(name)) {
                c = n;
            }
        }
        MultilineRules r = rules.equals("custom") ? MultilineRules.custom("^\\[", "^\\s+") : MultilineRules.named(rules);
        MultilineGrouper g = new MultilineGrouper(r, 1_000_000_000L, 1 << 20);
        List<String> out = new ArrayList<>();
        LineSink sink = (nanos, stream, buf, off, len, flags) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8));
        for (JsonNode in : c.get("input_lines")) {
            String s = in.asText();
            byte[] b = (s.endsWith("\n") ? s.substring(0, s.length() - 1) : s).getBytes(StandardCharsets.UTF_8);
            g.accept(0, LogStream.STDOUT, b, 0, b.length, 0, 0, sink);
        }
        g.flush(sink);
        List<String> expected = new ArrayList<>();
        for (JsonNode e : c.get("expected_records")) {
            String s = e.asText();
            expected.add(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
        }
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void aGroupIsFlushedAfterTheTimeoutAndSurvivesASnapshot() {
        MultilineGrouper g = new MultilineGrouper(MultilineRules.java(), 1_000, 1 << 20);
        List<String> out = new ArrayList<>();
        LineSink sink = (nanos, stream, buf, off, len, flags) -> out.add(new String(buf, off, len, StandardCharsets.UTF_8));
        byte[] a = "java.lang.IllegalStateException: boom".getBytes(StandardCharsets.UTF_8);
        byte[] b = "\tat x.Y.z(Y.java:1)".getBytes(StandardCharsets.UTF_8);
        g.accept(5, LogStream.STDERR, a, 0, a.length, 0, 0, sink);
        MultilineGrouper restored = new MultilineGrouper(MultilineRules.java(), 1_000, 1 << 20);
        assertThat(restored.restore(g.snapshot(), 0)).isTrue();
        restored.accept(6, LogStream.STDERR, b, 0, b.length, 0, 10, sink);
        restored.flushExpired(500, sink);
        assertThat(out).isEmpty();
        restored.flushExpired(1_000, sink);
        assertThat(out).containsExactly("java.lang.IllegalStateException: boom\n\tat x.Y.z(Y.java:1)");
    }
}
