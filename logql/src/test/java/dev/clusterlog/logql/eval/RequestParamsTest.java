package dev.clusterlog.logql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestParamsTest {
    static final long S = 1_000_000_000L;

    @Test
    void timesInNanosSecondsFloatOrRfc3339() {
        assertThat(RequestParams.parseTime("1700000000000000000", 0)).isEqualTo(1_700_000_000L * S);
        assertThat(RequestParams.parseTime("1700000000", 0)).isEqualTo(1_700_000_000L * S);
        assertThat(RequestParams.parseTime("1700000000.5", 0)).isEqualTo(1_700_000_000L * S + 500_000_000L);
        assertThat(RequestParams.parseTime("1700000000.1234", 0)).isEqualTo(1_700_000_000L * S + 123_000_000L);
        assertThat(RequestParams.parseTime("2023-11-14T22:13:20Z", 0)).isEqualTo(1_700_000_000L * S);
        assertThat(RequestParams.parseTime("2023-11-14T22:13:20.000000001Z", 0)).isEqualTo(1_700_000_000L * S + 1);
        assertThat(RequestParams.parseTime("", 42)).isEqualTo(42);
        assertThatThrownBy(() -> RequestParams.parseTime("yesterday", 0))
                .hasMessage("cannot parse \"yesterday\" to a valid timestamp");
    }

    @Test
    void stepsAsDurationOrSeconds() {
        assertThat(RequestParams.parseStep("15", 0)).isEqualTo(15 * S);
        assertThat(RequestParams.parseStep("0.5", 0)).isEqualTo(S / 2);
        assertThat(RequestParams.parseStep("1m", 0)).isEqualTo(60 * S);
        assertThat(RequestParams.parseStep("1h30m", 0)).isEqualTo(5400 * S);
        assertThatThrownBy(() -> RequestParams.parseStep("0", 0))
                .hasMessage("zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertThatThrownBy(() -> RequestParams.parseStep("fast", 0)).hasMessage("cannot parse \"fast\" to a valid duration");
        assertThat(RequestParams.defaultStep(0, 3600 * S)).isEqualTo(14 * S);
        assertThat(RequestParams.defaultStep(0, 60 * S)).isEqualTo(S);
    }

    @Test
    void directionLimitAndWholeRequests() {
        assertThat(RequestParams.parseDirection("FORWARD")).isEqualTo(Direction.FORWARD);
        assertThat(RequestParams.parseDirection(null)).isEqualTo(Direction.BACKWARD);
        assertThatThrownBy(() -> RequestParams.parseDirection("sideways")).hasMessage("invalid direction 'sideways'");
        assertThat(RequestParams.parseLimit(null)).isEqualTo(100);
        assertThatThrownBy(() -> RequestParams.parseLimit("0")).hasMessage("limit must be a positive value");
        long now = 1_700_000_000L * S;
        QueryParams q = RequestParams.rangeQuery(null, null, "5m", null, null, null, "10", now);
        assertThat(q.startNanos()).isEqualTo(now - 300 * S);
        assertThat(q.endNanos()).isEqualTo(now);
        assertThat(q.stepNanos()).isEqualTo(S);
        assertThat(q.limit()).isEqualTo(10);
        assertThat(RequestParams.rangeQuery(null, null, null, null, null, null, null, now).startNanos())
                .isEqualTo(now - 3600 * S);
        assertThatThrownBy(() -> RequestParams.rangeQuery("1700000010", "1700000000", null, null, null, null, null, now))
                .hasMessage("end timestamp must not be before or equal to start time");
        assertThatThrownBy(() -> RequestParams.rangeQuery("0", "1700000000", null, "1", null, null, null, now))
                .hasMessageStartingWith("exceeded maximum resolution of 11,000 points per timeseries.");
        QueryParams i = RequestParams.instantQuery("1700000000", "forward", "5", now);
        assertThat(i.instant()).isTrue();
        assertThat(i.startNanos()).isEqualTo(now);
    }
}
