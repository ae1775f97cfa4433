package dev.clusterlog.logql.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.LogQL;
import dev.clusterlog.logql.syntax.LogSelectorExpr;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pipeline stages on Loki's documentation examples. */
class PipelineTest {
    static final LabelSet STREAM = LabelSet.of("app", "foo", "host", "node-1");

    record Out(boolean kept, Map<String, String> labels, String line) {
    }

    static Out run(String pipeline, String line) {
        return run(pipeline, line, 1_618_790_400_123_456_789L);
    }

    static Out run(String pipeline, String line, long ts) {
        LogSelectorExpr sel = (LogSelectorExpr) LogQL.parse("{app=\"foo\"} " + pipeline);
        Pipeline p = Pipeline.compile(sel.stages());
        LogEntry e = new LogEntry();
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[b.length + 6];
        System.arraycopy(b, 0, padded, 3, b.length);
        e.reset(STREAM, LabelSet.EMPTY, ts, padded, 3, b.length);
        boolean kept = p.process(e);
        return new Out(kept, e.finalLabels().toMap(), e.line());
    }

    static final String JSON_DOC = "{\"protocol\": \"HTTP/2.0\",\"servers\": [\"129.0.1.1\",\"10.2.1.3\"],"
            + "\"request\": {\"time\": \"6.032\",\"method\": \"GET\",\"host\": \"foo.grafana.net\",\"size\": \"55\","
            + "\"headers\": {\"Accept\": \"*/*\",\"User-Agent\": \"curl/7.68.0\"}},"
            + "\"response\": {\"status\": 401,\"size\": \"228\",\"latency_seconds\": \"6.031\"}}";

    @Test
    void jsonFlattensAsLokiDocuments() {
        Out o = run("| json", JSON_DOC);
        assertThat(o.labels()).containsOnly(entry("app", "foo"), entry("host", "node-1"), entry("protocol", "HTTP/2.0"),
                entry("request_time", "6.032"), entry("request_method", "GET"), entry("request_host", "foo.grafana.net"),
                entry("request_size", "55"), entry("response_status", "401"), entry("response_size", "228"),
                entry("response_latency_seconds", "6.031"), entry("request_headers_Accept", "*/*"),
                entry("request_headers_User_Agent", "curl/7.68.0"));
    }

    @Test
    void jsonExpressions() {
        Out o = run("| json first_server=\"servers[0]\", ua=\"request.headers[\\\"User-Agent\\\"]\"", JSON_DOC);
        assertThat(o.labels()).contains(entry("first_server", "129.0.1.1"), entry("ua", "curl/7.68.0"))
                .doesNotContainKey("protocol");
        Out o2 = run("| json server_list=\"servers\", headers=\"request.headers\"", JSON_DOC);
        assertThat(o2.labels()).contains(entry("server_list", "[\"129.0.1.1\",\"10.2.1.3\"]"),
                entry("headers", "{\"Accept\": \"*/*\",\"User-Agent\": \"curl/7.68.0\"}"));
        assertThat(run("| json protocol, nope", JSON_DOC).labels()).contains(entry("protocol", "HTTP/2.0"))
                .doesNotContainKey("nope");
    }

    @Test
    void jsonClashAndErrors() {
        Out o = run("| json", "{\"host\":\"h2\",\"1x\":\"a\",\"a.b\":\"c\"}");
        assertThat(o.labels()).contains(entry("host", "node-1"), entry("host_extracted", "h2"), entry("_1x", "a"),
                entry("a_b", "c"));
        Out bad = run("| json", "not json");
        assertThat(bad.kept()).isTrue();
        assertThat(bad.labels()).containsEntry("__error__", "JSONParserErr").containsKey("__error_details__");
        assertThat(run("| json | __error__=\"\"", "not json").kept()).isFalse();
        assertThat(run("| json | __error__!=\"JSONParserErr\"", "{\"a\":1}").kept()).isTrue();
        assertThat(run("| json | drop __error__", "x").labels()).doesNotContainKey("__error__")
                .containsKey("__error_details__");
        assertThat(run("| json | drop __error__, __error_details__", "x").labels())
                .doesNotContainKeys("__error__", "__error_details__");
    }

    @Test
    void logfmtAsLokiDocuments() {
        Out o = run("| logfmt", "at=info method=GET path=/ host=grafana.net fwd=\"124.133.124.161\" service=8ms status=200");
        assertThat(o.labels()).contains(entry("at", "info"), entry("method", "GET"), entry("path", "/"),
                entry("host_extracted", "grafana.net"), entry("fwd", "124.133.124.161"), entry("service", "8ms"),
                entry("status", "200"));
        Out sel = run("| logfmt method, fwd_ip=\"fwd\"", "at=info method=GET fwd=\"1.2.3.4\"");
        assertThat(sel.labels()).contains(entry("method", "GET"), entry("fwd_ip", "1.2.3.4")).doesNotContainKey("at");
        assertThat(run("| logfmt", "a=1 standalone b=\"q \\\"x\\\"\"").labels())
                .contains(entry("a", "1"), entry("b", "q \"x\"")).doesNotContainKey("standalone");
        assertThat(run("| logfmt --keep-empty", "a=1 standalone").labels()).containsKey("a");
        assertThat(run("| logfmt", "a=1 =bad c=3").labels()).contains(entry("a", "1"), entry("c", "3"))
                .doesNotContainKey("__error__");
        Out strict = run("| logfmt --strict", "a=1 =bad c=3");
        assertThat(strict.labels()).containsEntry("__error__", "LogfmtParserErr").containsEntry("a", "1")
                .doesNotContainKey("c");
        assertThat(run("| logfmt --strict", "a=\"unterminated").labels()).containsEntry("__error__", "LogfmtParserErr");
    }

    @Test
    void regexpAsLokiDocuments() {
        Out o = run("| regexp \"(?P<method>\\\\w+) (?P<path>[\\\\w|/]+) \\\\((?P<status>\\\\d+?)\\\\) (?P<duration>.*)\"",
                "POST /api/prom/api/v1/query_range (200) 1.5s");
        assertThat(o.labels()).contains(entry("method", "POST"), entry("path", "/api/prom/api/v1/query_range"),
                entry("status", "200"), entry("duration", "1.5s"));
    }

    @Test
    void patternAsLokiDocuments() {
        String line = "0.191.12.2 - - [10/Jun/2021:09:14:29 +0000] \"GET /api/plugins/versioncheck HTTP/1.1\" 200 2 \"-\""
                + " \"Go-http-client/2.0\" \"13.76.247.102, 34.120.177.193\" \"TLSv1.2\" \"US\" \"\"";
        Out o = run("| pattern `<ip> - - <_> \"<method> <uri> <_>\" <status> <size> <_> \"<agent>\" <_>`", line);
        assertThat(o.labels()).contains(entry("ip", "0.191.12.2"), entry("method", "GET"),
                entry("uri", "/api/plugins/versioncheck"), entry("status", "200"), entry("size", "2"),
                entry("agent", "Go-http-client/2.0"));
        assertThat(run("|> \"<_> error <_>\"", "a error b").kept()).isTrue();
        assertThat(run("|> \"<_> error <_>\"", "a warn b").kept()).isFalse();
        assertThat(run("!> \"<_> error <_>\"", "a warn b").kept()).isTrue();
    }

    @Test
    void unpackReplacesTheLine() {
        Out o = run("| unpack", "{\"container\":\"myapp\",\"pod\":\"pod-3223f\",\"_entry\":\"original log message\"}");
        assertThat(o.labels()).contains(entry("container", "myapp"), entry("pod", "pod-3223f"));
        assertThat(o.line()).isEqualTo("original log message");
    }

    @Test
    void lineFilters() {
        assertThat(run("|= \"error\"", "an error here").kept()).isTrue();
        assertThat(run("|= \"error\"", "an Error here").kept()).isFalse();
        assertThat(run("!= \"error\"", "an Error here").kept()).isTrue();
        assertThat(run("|= \"err\" or \"warn\"", "warning").kept()).isTrue();
        assertThat(run("!= \"err\" or \"warn\"", "warning").kept()).isFalse();
        assertThat(run("!= \"err\" or \"warn\"", "info").kept()).isTrue();
        assertThat(run("|~ \"(?i)error\"", "an ERROR").kept()).isTrue();
        assertThat(run("|~ \"err.r\"", "an error").kept()).isTrue();
        assertThat(run("|~ \"tsdb-ops.*io:2003\"", "x tsdb-ops-1 io:2003").kept()).isTrue();
        assertThat(run("|~ \"tsdb-ops.*io:2003\"", "x tsdb-ops-1 io:2004").kept()).isFalse();
        assertThat(run("!~ \"a|b\"", "ccc").kept()).isTrue();
        assertThat(run("|~ \"a|b\"", "cbc").kept()).isTrue();
        assertThat(run("|= \"é\"", "café").kept()).isTrue();
        assertThat(run("|= ip(\"192.168.4.5/16\")", "from 192.168.1.1 ok").kept()).isTrue();
        assertThat(run("|= ip(\"192.168.4.5/16\")", "from 10.0.0.1 ok").kept()).isFalse();
        assertThat(run("|= ip(\"192.168.4.5-192.168.4.20\")", "x=192.168.4.7").kept()).isTrue();
        assertThat(run("!= ip(\"::1\")", "addr ::1").kept()).isFalse();
        assertThat(run("|= \"\"", "anything").kept()).isTrue();
    }

    @Test
    void labelFilters() {
        String line = "status=500 duration=1.5s size=2KB method=GET addr=10.1.2.3";
        assertThat(run("| logfmt | status >= 400", line).kept()).isTrue();
        assertThat(run("| logfmt | status == 500 and method=\"GET\"", line).kept()).isTrue();
        assertThat(run("| logfmt | status < 400 or method=\"GET\"", line).kept()).isTrue();
        assertThat(run("| logfmt | status < 400 or method=\"POST\"", line).kept()).isFalse();
        assertThat(run("| logfmt | duration > 1s, size <= 20KB", line).kept()).isTrue();
        assertThat(run("| logfmt | duration > 2s", line).kept()).isFalse();
        assertThat(run("| logfmt | size > 1999B", line).kept()).isTrue();
        assertThat(run("| logfmt | method=~\"G.*\"", line).kept()).isTrue();
        assertThat(run("| logfmt | method=~\"[[:upper:]]+\"", line).kept()).isTrue();
        assertThat(run("| logfmt | method=~\"(?P<m>GE)T\"", line).kept()).isTrue();
        assertThat(run("| logfmt | method!~\"[[:lower:]]+\"", line).kept()).isTrue();
        assertThat(run("| logfmt | addr = ip(\"10.0.0.0/8\")", line).kept()).isTrue();
        assertThat(run("| logfmt | addr != ip(\"10.0.0.0/8\")", line).kept()).isFalse();
        Out err = run("| logfmt | method > 5", line);
        assertThat(err.kept()).isTrue();
        assertThat(err.labels()).containsEntry("__error__", "LabelFilterErr");
        assertThat(run("| logfmt | missing > 5", line).kept()).isFalse();
    }

    @Test
    void formatsDropKeepDecolorize() {
        String line = "query=\"sum(x)\" duration=2s status=200 level=info";
        assertThat(run("| logfmt | line_format \"{{.query}} {{.duration}}\"", line).line()).isEqualTo("sum(x) 2s");
        Out lf = run("| logfmt | label_format dur=duration, q=\"{{.query}}-{{.status}}\"", line);
        assertThat(lf.labels()).contains(entry("dur", "2s"), entry("q", "sum(x)-200")).doesNotContainKey("duration");
        assertThat(run("| logfmt | drop level, status=\"200\"", line).labels()).doesNotContainKeys("level", "status")
                .containsKey("query");
        assertThat(run("| logfmt | drop status=\"404\"", line).labels()).containsKey("status");
        assertThat(run("| logfmt | keep app, level", line).labels()).containsOnlyKeys("app", "level");
        assertThat(run("| logfmt | keep status=~\"2..\"", line).labels()).containsOnlyKeys("status");
        assertThat(run("| decolorize", "\u001b[31mred\u001b[0m text").line()).isEqualTo("red text");
        Out ts = run("| line_format \"{{ __timestamp__ | date \\\"2006-01-02T15:04:05.00Z-07:00\\\" }} {{ __line__ }}\"", "hi");
        assertThat(ts.line()).isEqualTo("2021-04-19T00:00:00.12Z+00:00 hi");
    }

    @Test
    void structuredMetadataBecomesLabels() {
        LogSelectorExpr sel = (LogSelectorExpr) LogQL.parse("{app=\"foo\"} | trace_id=\"abc\"");
        Pipeline p = Pipeline.compile(sel.stages());
        LogEntry e = new LogEntry();
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        e.reset(STREAM, LabelSet.of("trace_id", "abc"), 1, b, 0, 1);
        assertThat(p.process(e)).isTrue();
        assertThat(e.finalLabels().get("trace_id")).isEqualTo("abc");
    }
}
