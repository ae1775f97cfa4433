package dev.clusterlog.logql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.LogQL;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueryEngineTest {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_700_000_000L * S;
    static final LabelSet WEB1 = LabelSet.of("app", "web", "pod", "p1");
    static final LabelSet WEB2 = LabelSet.of("app", "web", "pod", "p2");
    static final LabelSet DB = LabelSet.of("app", "db", "pod", "d1");

    static InMemoryEntrySource source() {
        InMemoryEntrySource src = new InMemoryEntrySource();
        for (int i = 0; i < 60; i++) {
            src.add(WEB1, T0 + i * S, "level=" + (i % 3 == 0 ? "error" : "info") + " status=" + (200 + i % 5 * 100)
                    + " latency=" + i + "ms");
            src.add(WEB2, T0 + i * S + 500_000_000L, "level=info status=200 latency=" + (2 * i) + "ms");
            if (i % 10 == 0) {
                src.add(DB, T0 + i * S, "{\"level\":\"warn\",\"rows\":" + i + "}");
            }
        }
        return src;
    }

    static QueryResult run(String q, QueryParams p) {
        return new QueryEngine().execute(LogQL.parse(q), p, source());
    }

    static String json(QueryResult r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LokiJson.write(new QueryResult(r.result(), new QueryStats(0, 0, 0)), out);
        String s = out.toString(StandardCharsets.UTF_8);
        return s.substring(0, s.indexOf(",\"stats\""));
    }

    @Test
    void logQueryLimitDirectionAndFinalLabels() throws Exception {
        QueryParams back = QueryParams.range(T0, T0 + 60 * S, S, Direction.BACKWARD, 3);
        Result.Streams s = (Result.Streams) run("{app=\"web\"} |= \"level=error\"", back).result();
        assertThat(s.streams()).hasSize(1);
        assertThat(s.streams().get(0).values()).extracting(Result.LogLine::timestampNanos)
                .containsExactly(T0 + 57 * S, T0 + 54 * S, T0 + 51 * S);
        QueryParams fwd = QueryParams.range(T0, T0 + 60 * S, S, Direction.FORWARD, 4);
        Result.Streams f = (Result.Streams) run("{app=\"web\"} | logfmt | keep app, level", fwd).result();
        assertThat(f.streams()).extracting(st -> st.labels().toString(), st -> st.values().size())
                .containsExactly(tuple("{app=\"web\", level=\"error\"}", 1), tuple("{app=\"web\", level=\"info\"}", 3));
        assertThat(json(run("{app=\"db\"} | json | line_format \"rows={{.rows}}\"",
                QueryParams.range(T0, T0 + 11 * S, S, Direction.FORWARD, 100))))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":{\"app\":\"db\","
                        + "\"level\":\"warn\",\"pod\":\"d1\",\"rows\":\"0\"},\"values\":[[\"1700000000000000000\",\"rows=0\"]]},"
                        + "{\"stream\":{\"app\":\"db\",\"level\":\"warn\",\"pod\":\"d1\",\"rows\":\"10\"},\"values\":"
                        + "[[\"1700000010000000000\",\"rows=10\"]]}]");
    }

    @Test
    void instantLogQueriesAreRejected() {
        assertThatThrownBy(() -> run("{app=\"web\"}", QueryParams.instant(T0, Direction.BACKWARD, 10)))
                .isInstanceOf(QueryException.class)
                .hasMessage("log queries are not supported as an instant query type, please change your query to a"
                        + " range query type");
    }

    @Test
    void alignsToStep() {
        QueryParams p = QueryParams.range(T0 + 7 * S, T0 + 68 * S, 10 * S, Direction.FORWARD, 1).alignedToStep();
        assertThat(p.startNanos()).isEqualTo(T0);
        assertThat(p.endNanos()).isEqualTo(T0 + 60 * S);
    }

    @Test
    void endIsExclusiveForLogQueries() {
        Result.Streams s = (Result.Streams) run("{pod=\"p1\"}", QueryParams.range(T0, T0 + 2 * S, S, Direction.FORWARD, 100))
                .result();
        assertThat(s.streams().get(0).values()).hasSize(2);
    }

    @Test
    void intervalKeepsOneEntryPerInterval() {
        QueryParams p = QueryParams.range(T0, T0 + 60 * S, S, Direction.FORWARD, 100).withInterval(10 * S);
        Result.Streams s = (Result.Streams) run("{pod=\"p1\"}", p).result();
        assertThat(s.streams().get(0).values()).extracting(Result.LogLine::timestampNanos)
                .containsExactly(T0, T0 + 10 * S, T0 + 20 * S, T0 + 30 * S, T0 + 40 * S, T0 + 50 * S);
    }

    @Test
    void instantVectorAndJsonShape() throws Exception {
        QueryParams p = QueryParams.instant(T0 + 10 * S + 123_000_000L, Direction.BACKWARD, 100);
        QueryResult r = run("sum by (pod) (count_over_time({app=\"web\"}[10s]))", p);
        assertThat(json(r)).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"pod\":\"p1\"},\"value\":[1700000010.123,\"10\"]},"
                + "{\"metric\":{\"pod\":\"p2\"},\"value\":[1700000010.123,\"10\"]}]");
        assertThat(json(run("rate({pod=\"p1\"}[4s])", QueryParams.instant(T0 + 10 * S, Direction.BACKWARD, 100))))
                .contains("\"value\":[1700000010,\"1\"]");
        assertThat(json(run("1 + 2 * 3", p))).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000010.123,\"7\"]");
    }

    @Test
    void matrixJsonShapeWithStats() throws Exception {
        QueryParams p = QueryParams.range(T0 + 10 * S, T0 + 20 * S, 5 * S, Direction.FORWARD, 100);
        QueryResult r = run("count_over_time({app=\"db\"}[10s])", p);
        assertThat(json(r)).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"app\":\"db\",\"pod\":\"d1\"},\"values\":[[1700000010,\"1\"],[1700000015,\"1\"],"
                + "[1700000020,\"1\"]]}]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LokiJson.write(r, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"stats\":{\"ingester\":{\"compressedBytes\":0,")
                .contains("\"summary\":{\"bytesProcessedPerSecond\":").contains("\"totalLinesProcessed\":"
                        + r.stats().totalLinesProcessed() + "}}}}");
        assertThat(r.stats().totalLinesProcessed()).isEqualTo(2);
    }

    @Test
    void valuesFormatLikeGo() {
        assertThat(LokiJson.formatValue(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(LokiJson.formatValue(1e21)).isEqualTo("1000000000000000000000");
        assertThat(LokiJson.formatValue(Double.NaN)).isEqualTo("NaN");
        assertThat(LokiJson.formatValue(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(LokiJson.seconds(1_700_000_000_500_000_000L)).isEqualTo("1700000000.5");
    }

    static List<Result.Sample> vector(String q, long t) {
        return ((Result.Vector) run(q, QueryParams.instant(t, Direction.BACKWARD, 100)).result()).samples();
    }

    @Test
    void vectorAggregationsAndBinaryOperators() {
        long t = T0 + 30 * S;
        assertThat(vector("topk(1, count_over_time({app=~\".+\"} |= \"level=info\" [30s]))", t))
                .extracting(s -> s.labels().get("pod"), Result.Sample::value).containsExactly(tuple("p2", 30.0));
        assertThat(vector("bottomk(1, count_over_time({app=~\".+\"}[30s]))", t))
                .extracting(s -> s.labels().get("pod")).containsExactly("d1");
        assertThat(vector("sort_desc(count_over_time({app=~\".+\"}[30s]))", t))
                .extracting(Result.Sample::value).containsExactly(30.0, 30.0, 3.0);
        assertThat(vector("count(count_over_time({app=~\".+\"}[30s]))", t)).extracting(Result.Sample::value)
                .containsExactly(3.0);
        assertThat(vector("avg without (pod) (count_over_time({app=\"web\"}[30s]))", t))
                .extracting(s -> s.labels().toString(), Result.Sample::value).containsExactly(tuple("{app=\"web\"}", 30.0));
        assertThat(vector("stddev(max_over_time({app=\"web\"} | logfmt | unwrap duration(latency) | __error__=\"\" [30s]) by (pod))", t))
                .singleElement().extracting(Result.Sample::value).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.DOUBLE)
                .isCloseTo(0.014, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(vector("sum(count_over_time({app=\"web\"}[30s])) / sum(count_over_time({app=\"db\"}[30s]))", t))
                .extracting(Result.Sample::value).containsExactly(20.0);
        assertThat(vector("count_over_time({app=\"web\"}[30s]) > 29", t)).hasSize(2);
        assertThat(vector("count_over_time({app=~\".+\"}[30s]) > bool 29", t)).extracting(Result.Sample::value)
                .containsExactly(0.0, 1.0, 1.0);
        assertThat(vector("count_over_time({app=\"web\"}[30s]) * 2", t)).extracting(Result.Sample::value)
                .containsExactly(60.0, 60.0);
        assertThat(vector("count_over_time({app=\"web\"}[30s]) and count_over_time({pod=\"p1\"}[30s])", t))
                .extracting(s -> s.labels().get("pod")).containsExactly("p1");
        assertThat(vector("count_over_time({app=\"web\"}[30s]) unless count_over_time({pod=\"p1\"}[30s])", t))
                .extracting(s -> s.labels().get("pod")).containsExactly("p2");
        assertThat(vector("count_over_time({app=\"db\"}[30s]) or vector(5)", t)).hasSize(2);
        assertThat(vector("sum by (app) (count_over_time({app=\"web\"}[30s])) / on (app) group_right"
                + " count_over_time({app=\"web\"}[30s])", t)).extracting(s -> s.labels().get("pod"), Result.Sample::value)
                .containsExactly(tuple("p1", 2.0), tuple("p2", 2.0));
        assertThat(vector("count_over_time({app=\"web\"}[30s]) / ignoring (pod) group_left sum by (app)"
                + " (count_over_time({app=\"web\"}[30s]))", t)).extracting(Result.Sample::value).containsExactly(0.5, 0.5);
        assertThat(vector("label_replace(count_over_time({app=\"db\"}[30s]), \"short\", \"$1\", \"pod\", \"(.)\\\\d\")", t))
                .extracting(s -> s.labels().get("short")).containsExactly("d");
        assertThat(vector("absent_over_time({app=\"nope\"}[30s])", t)).extracting(s -> s.labels().toString())
                .containsExactly("{app=\"nope\"}");
        assertThat(vector("absent_over_time({app=\"web\"}[30s])", t)).isEmpty();
        assertThat(vector("vector(3) + 1", t)).extracting(Result.Sample::value).containsExactly(4.0);
        assertThat(vector("first_over_time({pod=\"p1\"} | logfmt | unwrap status [10s]) by (pod)", t))
                .extracting(Result.Sample::value).containsExactly(300.0);
        assertThat(vector("last_over_time({pod=\"p1\"} | logfmt | unwrap status [10s]) by (pod)", t))
                .extracting(Result.Sample::value).containsExactly(200.0);
        assertThat(vector("rate_counter({pod=\"p2\"} | logfmt | unwrap latency | __error__=\"\" [10s])", t))
                .isEmpty();
    }

    @Test
    void rateCounterExtrapolatesLikePrometheus() {
        InMemoryEntrySource src = new InMemoryEntrySource();
        for (int i = 0; i < 60; i++) {
            // a counter growing 1/s that resets at i=40
            src.add(WEB1, T0 + i * S, "total=" + (i < 40 ? i : i - 40));
        }
        QueryEngine engine = new QueryEngine();
        Result.Vector v = (Result.Vector) engine.execute(LogQL.parse("rate_counter({app=\"web\"} | logfmt | unwrap total [10s])"),
                QueryParams.instant(T0 + 30 * S, Direction.BACKWARD, 10), src).result();
        assertThat(v.samples()).extracting(Result.Sample::value).containsExactly(1.0);
        Result.Vector reset = (Result.Vector) engine.execute(
                LogQL.parse("rate_counter({app=\"web\"} | logfmt | unwrap total [10s])"),
                QueryParams.instant(T0 + 45 * S, Direction.BACKWARD, 10), src).result();
        // across the reset 39 -> 0 Prometheus counts the new value (0) as the increase: 8 over 9 s, extrapolated to 10 s
        assertThat(reset.samples()).extracting(Result.Sample::value).containsExactly(8.0 * 10 / 9 / 10);
    }

    @Test
    void metricQueriesFailOnPipelineErrorsUnlessFiltered() {
        long t = T0 + 30 * S;
        assertThatThrownBy(() -> vector("count_over_time({app=~\".+\"} | json [30s])", t))
                .isInstanceOf(QueryException.class)
                .hasMessageStartingWith("pipeline error: 'JSONParserErr' for series: '{__error__=\"JSONParserErr\"");
        assertThat(vector("count_over_time({app=~\".+\"} | json | __error__=\"\" [30s])", t))
                .extracting(s -> s.labels().get("rows")).containsExactly("10", "20", "30");
        assertThat(vector("count_over_time({app=~\".+\"} | json | drop __error__, __error_details__ [30s])", t))
                .extracting(s -> s.labels().toString()).contains("{app=\"web\", pod=\"p1\"}").hasSize(5);
        assertThatThrownBy(() -> vector("sum_over_time({pod=\"p1\"} | logfmt | unwrap latency [30s])", t))
                .hasMessageContaining("'SampleExtractionErr'");
        assertThat(vector("sum_over_time({pod=\"p1\"} | logfmt | unwrap latency | __error__=\"\" [30s])", t)).isEmpty();
        assertThat(vector("sum by (pod) (sum_over_time({pod=\"p1\"} | logfmt | unwrap duration_seconds(latency) [3s]))", t))
                .extracting(Result.Sample::value).containsExactly(0.087);
        assertThat(vector("sum by (pod) (sum_over_time({pod=\"p1\"} | regexp \"latency=(?P<ms>\\\\d+)ms\" | unwrap ms [3s]))",
                t)).extracting(Result.Sample::value).containsExactly(87.0);
    }

    @Test
    void offsetShiftsTheWindow() {
        long t = T0 + 30 * S;
        assertThat(vector("count_over_time({pod=\"p1\"}[5s] offset 10s)", t)).extracting(Result.Sample::value)
                .containsExactly(5.0);
        assertThat(vector("count_over_time({pod=\"p1\"}[5s] offset 50s)", t)).isEmpty();
    }

    @Test
    void limitsRaiseTypedExceptions() {
        EntrySource src = source();
        QueryParams p = QueryParams.range(T0, T0 + 60 * S, 10 * S, Direction.FORWARD, 100);
        assertThatThrownBy(() -> new QueryEngine(new QueryLimits(1, 0, 0, 0), System::nanoTime)
                .execute(LogQL.parse("count_over_time({app=\"web\"}[10s])"), p, src))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("max_query_series"))
                .hasMessageStartingWith("maximum number of series (1) reached for a single query");
        assertThatThrownBy(() -> new QueryEngine(new QueryLimits(0, 50, 0, 0), System::nanoTime)
                .execute(LogQL.parse("{app=\"web\"}"), p, src))
                .hasMessage("max entries limit per query exceeded, limit > max_entries_limit_per_query (100 > 50)");
        assertThatThrownBy(() -> new QueryEngine(new QueryLimits(0, 0, 1000, 0), System::nanoTime)
                .execute(LogQL.parse("count_over_time({app=\"web\"}[10s])"), p, src))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("max_query_bytes_read"))
                .hasMessageStartingWith("the query would read too many bytes");
        AtomicLong clock = new AtomicLong();
        EntrySource slow = request -> {
            clock.addAndGet(10 * S);
            return src.select(request);
        };
        assertThatThrownBy(() -> new QueryEngine(new QueryLimits(0, 0, 0, 5 * S), clock::get)
                .execute(LogQL.parse("{app=\"web\"}"), p, slow))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("query_timeout"))
                .hasMessage("query timed out after 5s");
    }
}
