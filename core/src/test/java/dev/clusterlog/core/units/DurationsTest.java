package dev.clusterlog.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.units.Durations.Syntax;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases from Go's {@code time.ParseDuration} tests, plus the extended units. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "5s, 5000000000", "30s, 30000000000", "1478s, 1478000000000", "-5s, -5000000000", "+5s, 5000000000",
        "-0, 0", "+0, 0", "5.0s, 5000000000", "5.6s, 5600000000", "5.s, 5000000000", ".5s, 500000000", "1.0s, 1000000000",
        "1.00s, 1000000000", "1.004s, 1004000000", "1.0040s, 1004000000", "100.00100s, 100001000000",
        "10ns, 10", "11us, 11000", "12µs, 12000", "12μs, 12000", "13ms, 13000000", "14s, 14000000000",
        "15m, 900000000000", "16h, 57600000000000", "3h30m, 12600000000000", "10.5s4m, 250500000000",
        "-2m3.4s, -123400000000", "1h2m3s4ms5us6ns, 3723004005006", "39h9m14.425s, 141_000_000_000_000",
        "0.3333333333333333333h, 1200000000000", "9007199254740993ns, 9007199254740993",
        "9223372036854775807ns, 9223372036854775807", "0.100000000000000000000h, 360000000000"
    })
    void goSyntax(String text, String nanos) {
        long expected = Long.parseLong(nanos.replace("_", ""));
        if (text.equals("39h9m14.425s")) {
            expected = 39 * 3_600_000_000_000L + 9 * 60_000_000_000L + 14_425_000_000L;
        }
        assertThat(Durations.parseNanos(text, Syntax.GO)).isEqualTo(expected);
        assertThat(Durations.parseNanos(text, Syntax.EXTENDED)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "2w", "1y", "3x", "1.5.s",
        "9223372036854775808ns", "9223372036854775807s", "5 s", "\u00b5s"})
    void goSyntaxRefuses(String text) {
        assertThat(Durations.tryParseNanos(text, Syntax.GO)).isEmpty();
        assertThatThrownBy(() -> Durations.parseNanos(text, Syntax.GO))
                .hasMessage("invalid duration \"" + text + "\": expected a duration like 30s, 5m or 1h30m");
    }

    @ParameterizedTest
    @CsvSource({"1d, 86400000000000", "2w, 1209600000000000", "1y, 31536000000000000", "1d12h, 129600000000000",
        "1.5d, 129600000000000"})
    void extendedUnits(String text, long nanos) {
        assertThat(Durations.parseNanos(text, Syntax.EXTENDED)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1_000_000, 5_400_000_000_000L, 86_400_000_000_000L * 9 + 7, -3_000_000_000L,
        Long.MAX_VALUE, Long.MIN_VALUE + 1})
    void formatParsesBack(long nanos) {
        assertThat(Durations.parseNanos(Durations.format(nanos), Syntax.EXTENDED)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "1500000000, 1s500ms", "90000000000000, 1d1h", "-60000000000, -1m"})
    void canonicalText(long nanos, String text) {
        assertThat(Durations.format(nanos)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7x", "-5m", ""})
    void settingsNameTheKey(String value) {
        assertThatThrownBy(() -> Durations.parseSetting("store.retention", value))
                .hasMessageStartingWith("Invalid value " + value + " for configuration store.retention: expected a duration like 30s, 5m, 12h or 7d");
    }
}
