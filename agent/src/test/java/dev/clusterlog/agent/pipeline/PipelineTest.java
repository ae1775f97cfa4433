package dev.clusterlog.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.core.entry.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PipelineTest {
    final AgentMetrics metrics = new AgentMetrics();

    Batch run(Pipeline p, RateLimiter limiter, long[] times, String... lines) {
        BatchBuilder b = new BatchBuilder("s", "in", LabelSet.EMPTY, 0);
        for (int i = 0; i < lines.length; i++) {
            byte[] bytes = lines[i].getBytes(StandardCharsets.UTF_8);
            p.process(i, LogStream.STDOUT, bytes, 0, bytes.length, 0, limiter, times == null ? 0 : times[i], b);
        }
        return b.build(1, null);
    }

    static List<String> lines(Batch b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(b.line(i));
        }
        return out;
    }

    @Test
    void rateLimitDropsAreCountedAndTheBucketRefills() {
        Pipeline p = new Pipeline(new LineParser(LineParser.Kind.NONE, null), List.of(), List.of(), List.of(), 2, metrics);
        RateLimiter limiter = p.newRateLimiter();
        Batch b = run(p, limiter, new long[] {0, 0, 0, 0, 1_000_000_000L}, "a", "b", "c", "d", "e");
        assertThat(lines(b)).containsExactly("a", "b", "e");
        assertThat(metrics.get("clusterlog_agent_dropped_lines_total", "reason", "rate_limit")).isEqualTo(2);
    }

    @Test
    void keepDropAndMask() {
        Pipeline p = new Pipeline(new LineParser(LineParser.Kind.NONE, null), List.of(Pattern.compile("app")),
                List.of(Pattern.compile("healthz")), List.of(new Pipeline.Mask(Pattern.compile("token=\\w+"), "token=****")), 0,
                metrics);
        Batch b = run(p, null, null, "app start token=abc123", "app GET /healthz", "other");
        assertThat(lines(b)).containsExactly("app start token=****");
        assertThat(metrics.get("clusterlog_agent_dropped_lines_total", "reason", "not_kept")).isEqualTo(1);
        assertThat(metrics.get("clusterlog_agent_dropped_lines_total", "reason", "dropped_by_pattern")).isEqualTo(1);
    }

    @Test
    void parsersFillStructuredMetadataAndMarkWhatDoesNotParse() {
        Pipeline json = new Pipeline(new LineParser(LineParser.Kind.JSON, null), List.of(), List.of(), List.of(), 0, metrics);
        Batch b = run(json, null, null, "{\"level\":\"warn\",\"n\":3,\"ctx\":{\"a\":[1,2]}}", "not json");
        assertThat(b.metadata(0)).containsExactly("level", "warn", "n", "3", "ctx", "{\"a\":[1,2]}");
        assertThat(b.metadata(1)[0]).isEqualTo("parse_error");
        assertThat(lines(b)).containsExactly("{\"level\":\"warn\",\"n\":3,\"ctx\":{\"a\":[1,2]}}", "not json");

        Pipeline logfmt = new Pipeline(new LineParser(LineParser.Kind.LOGFMT, null), List.of(), List.of(), List.of(), 0, metrics);
        assertThat(run(logfmt, null, null, "level=info msg=\"hello world\" ok").metadata(0))
                .containsExactly("level", "info", "msg", "hello world", "ok", "");

        Pipeline klog = new Pipeline(new LineParser(LineParser.Kind.KLOG, null), List.of(), List.of(), List.of(), 0, metrics);
        assertThat(run(klog, null, null, "I0501 10:00:00.123456    1234 server.go:42] started").metadata(0))
                .containsExactly("severity", "info", "source", "server.go:42", "thread", "1234");

        Pipeline regex = new Pipeline(new LineParser(LineParser.Kind.REGEX, "^(?<level>[A-Z]+) (?<code>\\d+)"), List.of(),
                List.of(), List.of(), 0, metrics);
        assertThat(run(regex, null, null, "WARN 503 upstream").metadata(0)).containsExactly("level", "WARN", "code", "503");
    }
}
