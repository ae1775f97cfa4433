package dev.clusterlog.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc3339Test {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            2016-10-20T18:39:20Z           | 2016-10-20T18:39:20.000000000Z
            2016-10-20T18:39:20.5Z         | 2016-10-20T18:39:20.500000000Z
            2016-10-20T18:39:20.57Z        | 2016-10-20T18:39:20.570000000Z
            2016-10-20T18:39:20.576Z       | 2016-10-20T18:39:20.576000000Z
            2016-10-20T18:39:20.5760Z      | 2016-10-20T18:39:20.576000000Z
            2016-10-20T18:39:20.57606Z     | 2016-10-20T18:39:20.576060000Z
            2016-10-20T18:39:20.576064Z    | 2016-10-20T18:39:20.576064000Z
            2016-10-20T18:39:20.5760644Z   | 2016-10-20T18:39:20.576064400Z
            2016-10-20T18:39:20.57606443Z  | 2016-10-20T18:39:20.576064430Z
            2016-10-20T18:39:20.576064431Z | 2016-10-20T18:39:20.576064431Z
            2016-10-20T18:39:20.5z         | 2016-10-20T18:39:20.500000000Z
            2016-10-20t18:39:20.5Z         | 2016-10-20T18:39:20.500000000Z
            2019-05-07T18:57:50.904275087+00:00 | 2019-05-07T18:57:50.904275087Z
            2019-05-07T20:57:50.9+02:00    | 2019-05-07T20:57:50.900000000+02:00
            2019-05-07T13:27:50.9-05:30    | 2019-05-07T13:27:50.900000000-05:30
            2024-02-29T23:59:59.999999999Z | 2024-02-29T23:59:59.999999999Z
            1969-12-31T23:59:59.5Z         | 1969-12-31T23:59:59.500000000Z
            """)
    void parsesZeroToNineFractionDigitsAndZones(String input, String fixed) {
        Rfc3339.Parsed parsed = Rfc3339.parse(input);
        assertThat(Rfc3339.formatFixed(parsed.epochNanos, parsed.offsetSeconds)).isEqualTo(fixed);
        OffsetDateTime expected = OffsetDateTime.parse(input.toUpperCase());
        assertThat(parsed.epochNanos)
                .isEqualTo(expected.toEpochSecond() * 1_000_000_000L + expected.getNano());
        assertThat(parsed.offsetSeconds).isEqualTo(expected.getOffset().getTotalSeconds());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                | a timestamp like 2006-01-02T15:04:05.999999999Z07:00
            2016-10-20                        | a timestamp like 2006-01-02T15:04:05.999999999Z07:00
            2016-13-20T18:39:20Z              | a date and time like 2006-01-02T15:04:05
            2016-00-20T18:39:20Z              | a date and time like 2006-01-02T15:04:05
            2016-02-30T18:39:20Z              | a date and time like 2006-01-02T15:04:05
            2023-02-29T18:39:20Z              | a date and time like 2006-01-02T15:04:05
            2016-10-32T18:39:20Z              | a date and time like 2006-01-02T15:04:05
            2016-10-20T24:39:20Z              | a date and time like 2006-01-02T15:04:05
            2016-10-20T18:60:20Z              | a date and time like 2006-01-02T15:04:05
            2016-10-20T18:39:60Z              | a date and time like 2006-01-02T15:04:05
            2016-10-20 18:39:20Z              | a date and time like 2006-01-02T15:04:05
            2016-10-20T18:39:20.576064431     | a zone, Z or +hh:mm
            2016-10-20T18:39:20               | a timestamp like 2006-01-02T15:04:05.999999999Z07:00
            2016-10-20T18:39:20.5760644312Z   | at most 9 fraction digits
            2016-10-20T18:39:20.Z             | fraction digits after '.'
            2016-10-20T18:39:20.5+0200        | a zone, Z or +hh:mm, at the end
            2016-10-20T18:39:20.5+02:00x      | a zone, Z or +hh:mm, at the end
            2016-10-20T18:39:20.5ZZ           | a zone, Z or +hh:mm, at the end
            2016-10-20T18:39:20.5+24:00       | a zone offset like +hh:mm
            2016-10-20T18:39:20.5+02:60       | a zone offset like +hh:mm
            """)
    void rejectsInvalidFormsWithTheExpectation(String input, String expectation) {
        assertThatThrownBy(() -> Rfc3339.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid timestamp \"" + input + "\": expected " + expectation);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            2016-10-06T00:17:09.669794202Z   | 2016-10-06T00:17:09.669794202Z
            2016-10-06T00:17:09.6697942Z     | 2016-10-06T00:17:09.6697942Z
            2016-10-06T00:17:09.600000000Z   | 2016-10-06T00:17:09.6Z
            2016-10-06T00:17:09.000000000Z   | 2016-10-06T00:17:09Z
            2016-10-06T02:17:09.000000010+02:00 | 2016-10-06T02:17:09.00000001+02:00
            """)
    void formatNanoTrimsFractionZerosAsGoRfc3339Nano(String input, String nano) {
        Rfc3339.Parsed parsed = Rfc3339.parse(input);
        assertThat(Rfc3339.formatNano(parsed.epochNanos, parsed.offsetSeconds)).isEqualTo(nano);
        Rfc3339.Parsed again = Rfc3339.parse(nano);
        assertThat(again.epochNanos).isEqualTo(parsed.epochNanos);
        assertThat(again.offsetSeconds).isEqualTo(parsed.offsetSeconds);
    }

    @Test
    void formatFixedAndNanoRoundTripThroughParse() {
        long[] instants = {0L, 1L, -1L, 1_476_988_760_576_064_430L, 7_000_000_000_123_456_789L, -5_000_000_000_987_654_321L};
        int[] offsets = {0, 3600, -3600, 5 * 3600 + 1800, -(9 * 3600 + 30 * 60), 14 * 3600};
        for (long instant : instants) {
            for (int offset : offsets) {
                for (String text : new String[] {Rfc3339.formatFixed(instant, offset), Rfc3339.formatNano(instant, offset)}) {
                    Rfc3339.Parsed parsed = Rfc3339.parse(text);
                    assertThat(parsed.epochNanos).as(text).isEqualTo(instant);
                    assertThat(parsed.offsetSeconds).as(text).isEqualTo(offset);
                }
            }
        }
    }

    @Test
    void parsesTimestampInsideALargerBuffer() {
        byte[] line = "xx2016-10-20T18:39:20.5Z stdout".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Rfc3339.Parsed parsed = new Rfc3339.Parsed();
        assertThat(Rfc3339.parse(line, 2, 22, parsed)).isNull();
        assertThat(Rfc3339.formatFixed(parsed.epochNanos, 0)).isEqualTo("2016-10-20T18:39:20.500000000Z");
    }
}
