package dev.clusterlog.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.logql.LogQL;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParserTest {

    /** Queries from Loki's documentation (log queries, metric queries, template and parser pages). */
    @ParameterizedTest
    @ValueSource(strings = {
        "{container=\"query-frontend\",namespace=\"loki-dev\"} |= \"metrics.go\" | logfmt | duration > 10s and throughput_mb < 500",
        "{app=\"mysql\",name=\"mysql-backup\"}",
        "{name=~\"mysql.+\"}",
        "{job=\"db\", name!~\"mysql.+\"}",
        "{job=\"db\", name!~`mysql-\\d+`}",
        "{job=\"mysql\"} |= \"error\"",
        "{name=\"kafka\"} |~ \"tsdb-ops.*io:2003\"",
        "{name=\"cassandra\"} |~  `error=\\w+`",
        "{instance=~\"kafka-[23]\",name=\"kafka\"} != \"kafka.server:type=ReplicaManager\"",
        "{job=\"mysql\"} |= \"error\" != \"timeout\"",
        "{app=\"foo\"} |= \"error\" or \"fail\"",
        "{app=\"foo\"} |~ \"(?i)error\"",
        "{job=\"loki\"} |> \"<_> level=debug <_> msg=\\\"<_> duration=<_>\\\"\"",
        "{job=\"loki\"} !> \"<_> error <_>\"",
        "{job_name=\"myapp\"} |= ip(\"192.168.4.5/16\")",
        "{job_name=\"myapp\"} != ip(\"192.168.4.5-192.168.4.20\")",
        "{job_name=\"myapp\"} | logfmt | remote_addr = ip(\"2001:db8::1-2001:db8::8\") | level = \"error\"",
        "{app=\"foo\"} | logfmt | addr != ip(\"10.0.0.0/8\")",
        "{job=\"mysql\"} | json | line_format \"{{.message}}\"",
        "{job=\"loki-ops/query-frontend\"} | logfmt | line_format \"{{.msg}}\" | logfmt | duration > 1m and bytes_processed > 20MB",
        "{app=\"foo\"} | logfmt | duration >= 20ms or size == 20kb and method!~\"2..\"",
        "{app=\"foo\"} | logfmt | duration >= 20ms or method=\"GET\" and size <= 20KB",
        "{app=\"foo\"} | logfmt | ((duration >= 20ms or method=\"GET\") and size <= 20KB)",
        "{app=\"foo\"} | logfmt | duration >= 20ms, method=\"GET\"",
        "{app=\"foo\"} | logfmt | duration >= 20ms method=\"GET\" | size > 2KiB",
        "{app=\"foo\"} | json first_server=\"servers[0]\", ua=\"request.headers[\\\"User-Agent\\\"]\"",
        "{app=\"foo\"} | json server_list=\"servers\", headers=\"request.headers\"",
        "{app=\"foo\"} | json servers, headers",
        "{app=\"foo\"} | logfmt --strict",
        "{app=\"foo\"} | logfmt --strict --keep-empty host, fwd_ip=\"fwd\"",
        "{app=\"foo\"} | logfmt --keep-empty",
        "{app=\"foo\"} | regexp \"(?P<method>\\\\w+) (?P<path>[\\\\w|/]+) \\\\((?P<status>\\\\d+?)\\\\) (?P<duration>.*)\"",
        "{job=\"nginx\"} | pattern `<ip> - - <_> \"<method> <uri> <_>\" <status> <size> <_> \"<agent>\" <_>`",
        "{app=\"foo\"} | unpack",
        "{app=\"foo\"} | decolorize",
        "{app=\"foo\"} | json | drop level, method=\"GET\"",
        "{app=\"foo\"} | json | drop __error__, __error_details__",
        "{app=\"foo\"} | json | keep level, method=~\"G.*\"",
        "{app=\"foo\"} | logfmt | label_format foo=bar",
        "{app=\"foo\"} | logfmt | label_format dst=\"{{.status}} {{.query}}\", new=src",
        "{app=\"foo\"} | line_format \"{{ if eq .level \\\"error\\\" }}ERR{{ else }}OK{{ end }}\"",
        "{app=\"foo\"} | json | __error__ != \"JSONParserErr\"",
        "{app=\"foo\"} | json | status >= 400 | status_code == 500",
        "{app=\"foo\"} | json | latency > -1",
        "count_over_time({job=\"mysql\"}[5m])",
        "sum by (host) (rate({job=\"mysql\"} |= \"error\" != \"timeout\" | json | duration > 10s [1m]))",
        "topk(10, sum(rate({region=\"us-east1\"}[5m])) by (name))",
        "sum(count_over_time({job=\"mysql\"}[5m])) by (level)",
        "bytes_over_time({job=\"mysql\"}[5m])",
        "bytes_rate({job=\"mysql\"}[5m])",
        "absent_over_time({job=\"mysql\"}[1h])",
        "quantile_over_time(0.99, {cluster=\"ops-tools1\",container=\"ingress-nginx\"} | json | __error__ = \"\" | unwrap request_time [1m]) by (path)",
        "sum by (org_id) (sum_over_time({cluster=\"ops-tools1\",container=\"loki-dev\"} |= \"metrics.go\" | logfmt | unwrap bytes_processed [1m]))",
        "avg_over_time({app=\"foo\"} | logfmt | unwrap bytes(size) | __error__=\"\" [5m]) by (host)",
        "max_over_time({app=\"foo\"} | logfmt | unwrap duration(latency) [5m])",
        "min_over_time({app=\"foo\"} | logfmt | unwrap duration_seconds(latency) | __error__=\"\" [5m]) without (pod)",
        "stddev_over_time({app=\"foo\"} | logfmt | unwrap latency [5m])",
        "stdvar_over_time({app=\"foo\"} | logfmt | unwrap latency [5m])",
        "first_over_time({app=\"foo\"} | logfmt | unwrap latency [5m])",
        "last_over_time({app=\"foo\"} | logfmt | unwrap latency [5m] offset 1h)",
        "rate({app=\"foo\"} | logfmt | unwrap bytes [5m])",
        "rate_counter({app=\"foo\"} | logfmt | unwrap total [5m])",
        "count_over_time({job=\"mysql\"}[5m] offset 5m)",
        "count_over_time({job=\"mysql\"}[5m] |= \"error\")",
        "sum(rate({app=\"foo\"}[1m])) / sum(rate({app=\"bar\"}[1m]))",
        "sum(rate({app=\"foo\", level=\"warn\"}[1m])) / sum(rate({app=\"foo\", level=\"error\"}[1m]))",
        "sum by (app) (rate({app=~\".+\"}[1m])) > bool 10",
        "rate({app=\"foo\"}[1m]) and rate({app=\"bar\"}[1m])",
        "rate({app=\"foo\"}[1m]) or rate({app=\"bar\"}[1m])",
        "rate({app=\"foo\"}[1m]) unless rate({app=\"bar\"}[1m])",
        "sum by (pod) (rate({app=\"foo\"}[1m])) / on (pod) group_left (node) sum by (pod, node) (rate({app=\"bar\"}[1m]))",
        "sum by (pod) (rate({app=\"foo\"}[1m])) * ignoring (node) group_right sum by (pod, node) (rate({app=\"bar\"}[1m]))",
        "label_replace(rate({job=\"api-server\",service=\"a:c\"} |= \"err\" [5m]), \"foo\", \"$1\", \"service\", \"(.*):.*\")",
        "vector(1)",
        "sum(count_over_time({app=\"foo\"}[1m])) or vector(0)",
        "1 + 2 * 3 ^ 2",
        "-1",
        "2 ^ 3 ^ 2",
        "(1 + 2) * 3",
        "sort(sum by (app) (rate({app=~\".+\"}[1m])))",
        "sort_desc(sum by (app) (rate({app=~\".+\"}[1m])))",
        "bottomk by (app) (3, rate({app=~\".+\"}[1m]))",
        "count without (pod) (rate({app=~\".+\"}[1m]))",
        "stddev(rate({app=\"foo\"}[1m]))",
        "stdvar(rate({app=\"foo\"}[1m]))",
        "min(rate({app=\"foo\"}[1m]))",
        "max(rate({app=\"foo\"}[1m]))",
        "avg(rate({app=\"foo\"}[1m]))",
        "{app=\"foo\"}\n  |= \"x\" # a comment\n  | json",
    })
    void acceptsAndRoundTripsDocumentedQueries(String query) {
        Expr e = LogQL.parse(query);
        String printed = e.print();
        assertThat(LogQL.parse(printed)).as(printed).isEqualTo(e);
        assertThat(LogQL.parse(printed).print()).isEqualTo(printed);
    }

    @Test
    void parsesStructure() {
        Expr e = LogQL.parse("sum by (host) (rate({job=\"mysql\"} |= \"error\" | json | duration > 10s [1m]))");
        assertThat(e).isEqualTo(new SampleExpr.VectorAggregation(VectorOp.SUM, new Grouping(false, List.of("host")), null,
                new SampleExpr.RangeAggregation(RangeOp.RATE, null, new LogRange(new LogSelectorExpr(
                        List.of(LabelMatcher.eq("job", "mysql")),
                        List.of(new Stage.LineFilter(Stage.FilterOp.CONTAINS, List.of(new Stage.FilterValue("error", false))),
                                new Stage.Json(List.of()),
                                new Stage.LabelFilterStage(new LabelFilter.DurationFilter("duration", LabelFilter.Cmp.GT,
                                        10_000_000_000L)))), null, 60_000_000_000L, 0), null)));
        assertThat(e.print()).isEqualTo(
                "sum by (host) (rate({job=\"mysql\"} |= \"error\" | json | duration > 10s [1m]))");
    }

    @Test
    void precedenceAndAssociativity() {
        assertThat(LogQL.parse("1 + 2 * 3")).isEqualTo(new SampleExpr.Binary(BinaryOp.ADD, new SampleExpr.Literal(1),
                new SampleExpr.Binary(BinaryOp.MUL, new SampleExpr.Literal(2), new SampleExpr.Literal(3), false, null),
                false, null));
        assertThat(LogQL.parse("2 ^ 3 ^ 2")).isEqualTo(new SampleExpr.Binary(BinaryOp.POW, new SampleExpr.Literal(2),
                new SampleExpr.Binary(BinaryOp.POW, new SampleExpr.Literal(3), new SampleExpr.Literal(2), false, null),
                false, null));
        assertThat(LogQL.parse("(1 - 2) - 3").print()).isEqualTo("1 - 2 - 3");
        assertThat(LogQL.parse("1 - (2 - 3)").print()).isEqualTo("1 - (2 - 3)");
        LabelFilter f = ((Stage.LabelFilterStage) ((LogSelectorExpr) LogQL.parse(
                "{a=\"b\"} | x=\"1\" or y=\"2\" and z=\"3\"")).stages().get(0)).filter();
        assertThat(f).isInstanceOf(LabelFilter.Or.class);
        assertThat(((LabelFilter.Or) f).right()).isInstanceOf(LabelFilter.And.class);
    }

    @Test
    void stringsWithGoEscapesAndBackticks() {
        LogSelectorExpr s = (LogSelectorExpr) LogQL.parse("{a=\"\\x41\\u00e9\\t\\101\"} |= `raw\\n`");
        assertThat(s.matchers().get(0).value()).isEqualTo("Aé\tA");
        assertThat(((Stage.LineFilter) s.stages().get(0)).values().get(0).value()).isEqualTo("raw\\n");
    }

    @Test
    void durationsAndBytes() {
        assertThat(Durations.parse("1h30m")).isEqualTo(5_400_000_000_000L);
        assertThat(Durations.parse("1.5s")).isEqualTo(1_500_000_000L);
        assertThat(Durations.parse("2d")).isEqualTo(172_800_000_000_000L);
        assertThat(Durations.format(5_400_000_000_000L)).isEqualTo("1h30m");
        assertThat(ByteSizes.parse("20KB")).isEqualTo(20_000);
        assertThat(ByteSizes.parse("2KiB")).isEqualTo(2048);
        assertThat(ByteSizes.parse("1.5MB")).isEqualTo(1_500_000);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "{app=\"foo\"} |= 5 => parse error at line 1, col 16: syntax error: unexpected NUMBER, expecting STRING",
        "{} => parse error at line 1, col 2: syntax error: unexpected }, expecting IDENTIFIER",
        "{app=\"foo\" => parse error at line 1, col 11: syntax error: unexpected $end, expecting }",
        "{app=~\".*\"} => parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will",
        "{app=\"\"} => parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will",
        "sum_over_time({app=\"foo\"}[5m]) => parse error : invalid aggregation sum_over_time without unwrap",
        "count_over_time({app=\"foo\"} | logfmt | unwrap latency [5m]) => parse error : invalid aggregation count_over_time with unwrap",
        "count_over_time({app=\"foo\"}[5m]) by (x) => parse error : grouping not allowed for count_over_time aggregation",
        "quantile_over_time({app=\"foo\"} | unwrap x [5m]) => parse error : parameter required for operation quantile_over_time",
        "max_over_time(50, {app=\"foo\"} | unwrap x [5m]) => parse error : parameter 50 not supported for operation max_over_time",
        "topk(0, rate({app=\"foo\"}[1m])) => parse error : invalid parameter (must be greater than 0) 0 for operation topk",
        "sort by (a) (rate({app=\"foo\"}[1m])) => parse error : grouping not allowed for sort aggregation",
        "rate({app=\"foo\"}[1m]) + bool 1 => parse error : bool modifier can only be used on comparison operators",
        "1 > 2 => parse error : comparisons between scalars must use BOOL modifier",
        "rate({app=\"foo\"}) => parse error at line 1, col 17: syntax error: unexpected ), expecting [",
        "rate({app=\"foo\"}[5x]) => parse error at line 1, col 18: syntax error: unexpected 5x: not a number, duration or byte size",
        "{app=\"foo\"}[5m] => parse error at line 1, col 12: syntax error: unexpected [, expecting $end",
        "{app=\"foo\"} | regexp \"(\" => parse error at line 1, col 22: error parsing regexp: Unclosed group: `(`",
        "{app=\"foo\"} | line_format \"{{.a\" => parse error at line 1, col 27: template: line:1: unclosed action",
        "{app=\"foo\"} | line_format \"{{ nope .a }}\" => parse error at line 1, col 27: template: line:1: function \"nope\" not defined",
        "{app=\"foo\"} | pattern \"<a><b>\" => parse error at line 1, col 23: consecutive capture: <a><b>",
        "{app=\"foo\"} | pattern \"foo\" => parse error at line 1, col 23: at least one capture is required: foo",
        "{app=\"foo\"} |= ip(\"300.1.1.1\") => parse error at line 1, col 19: invalid ip address: 300.1.1.1",
        "{app=\"foo\"} | logfmt --lenient => parse error at line 1, col 22: syntax error: unexpected --lenient, expecting --strict or --keep-empty",
        "{app=\"foo\"} | x > \"a\" => parse error at line 1, col 19: syntax error: unexpected STRING, expecting STRING or NUMBER or DURATION or BYTES or ip",
        "sum(rate({app=\"foo\"}[1m]) by (a) => parse error at line 1, col 33: syntax error: unexpected $end, expecting )",
        "{app=\"foo\"} + 1 => parse error at line 1, col 13: syntax error: unexpected +: log queries cannot be operands of binary operations",
        "foo => parse error at line 1, col 1: syntax error: unexpected IDENTIFIER, expecting { or ( or NUMBER or aggregation",
        "{app=\"foo\\q\"} => parse error at line 1, col 6: syntax error: invalid syntax: unknown escape \\q: expected \\n \\t \\\" \\\\ \\xNN \\NNN or \\uNNNN",
        "{app=\"foo\"} | label_format a=\"{{.x}}\", a=b => parse error : multiple label name 'a' not allowed in a single format operation",
    })
    void rejectsWithLokiMessages(String query, String message) {
        assertThatThrownBy(() -> LogQL.parse(query)).isInstanceOf(ParseException.class).hasMessage(message);
    }

    @Test
    void bareSelectorsForSeriesEndpoints() {
        assertThat(LogQL.parseMatchers("{app=\"foo\", env=~\"prod|dev\"}"))
                .containsExactly(LabelMatcher.eq("app", "foo"), LabelMatcher.of("env", LabelMatcher.Type.RE, "prod|dev"));
        assertThatThrownBy(() -> LogQL.parseMatchers("{app=\"foo\"} |= \"x\""))
                .hasMessage("parse error : only a stream selector is allowed here, got: {app=\"foo\"} |= \"x\"");
        assertThatThrownBy(() -> LogQL.parseMatchers("{app=~\".*\"}")).hasMessageContaining("empty-compatible value");
    }

    @Test
    void parseErrorPositionSpansLines() {
        assertThatThrownBy(() -> LogQL.parse("{app=\"foo\"}\n | json\n | x > \"y\""))
                .hasMessageStartingWith("parse error at line 3, col 8:");
    }
}
