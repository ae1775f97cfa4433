package dev.clusterlog.logql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.logql.LogQL;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushdownHintsTest {
    static PushdownHints hints(String q) {
        return LogQL.pushdownHints(LogQL.parse(q)).get(0);
    }

    @Test
    void requiredSubstringsAndWords() {
        PushdownHints h = hints("{app=\"a\"} |= \"level=error msg\" |~ \"tsdb-ops.*io:2003\" |= \"x\" or \"y\" != \"debug\""
                + " | json | line_format \"{{.a}}\" |= \"after\"");
        assertThat(h.requiredAnyOf()).containsExactly(List.of("level=error msg"), List.of("tsdb-ops"), List.of("io:2003"),
                List.of("x", "y"));
        assertThat(h.requiredWords()).containsExactly("error");
        assertThat(hints("{app=\"a\"} |~ \"error|warn\"").requiredAnyOf()).containsExactly(List.of("error", "warn"));
        assertThat(hints("{app=\"a\"} |~ \"(?i)error\"").requiredAnyOf()).isEmpty();
        assertThat(hints("{app=\"a\"} | decolorize |= \"x\"").requiredAnyOf()).isEmpty();
        assertThat(LogQL.pushdownHints(LogQL.parse(
                "sum(count_over_time({a=\"b\"} |= \"e\" [1m])) / sum(count_over_time({a=\"c\"} |> \"<_> x <_>\" [1m]))")))
                .extracting(PushdownHints::requiredAnyOf)
                .containsExactly(List.of(List.of("e")), List.of(List.of(" x ")));
    }

    @Test
    void sourcesSeeTheRequest() {
        SelectRequest[] seen = new SelectRequest[1];
        EntrySource spy = request -> {
            seen[0] = request;
            return List.of();
        };
        new QueryEngine().execute(LogQL.parse("count_over_time({app=\"a\"} |= \"err\" | json [1m] offset 1m)"),
                QueryParams.instant(600_000_000_000L, Direction.BACKWARD, 100), spy);
        assertThat(seen[0].startNanos()).isEqualTo(600_000_000_000L - 120_000_000_000L + 1);
        assertThat(seen[0].endNanos()).isEqualTo(600_000_000_000L - 60_000_000_000L + 1);
        assertThat(seen[0].lineFilters()).hasSize(1);
        assertThat(seen[0].hints().requiredAnyOf()).containsExactly(List.of("err"));
        assertThat(seen[0].direction()).isEqualTo(Direction.FORWARD);
    }
}
