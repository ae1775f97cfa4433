package dev.clusterlog.core.klog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlog.core.SharedVectors;
import dev.clusterlog.core.format.LogFormatException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KlogHeaderParserTest {
    private static final int SOURCE_LINE = 205;

    private final KlogHeaderParser headerParser = new KlogHeaderParser();
    private final KlogStructuredParser structuredParser = new KlogStructuredParser();

    static Stream<Arguments> headerCases() {
        List<JsonNode> cases = SharedVectors.jsonLines("klog/klog_header_cases.jsonl");
        assertThat(cases).hasSize(8);
        return cases.stream().map(c -> Arguments.of(Named.of(c.get("line").asText().strip(), c)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("headerCases")
    void parsesKlogTestHeaders(JsonNode c) throws LogFormatException {
        byte[] line = c.get("line").asText().replace("<LINE>", Integer.toString(SOURCE_LINE)).getBytes(StandardCharsets.UTF_8);
        KlogRecord record = new KlogRecord();
        headerParser.parse(line, 0, line.length, record);

        assertThat(String.valueOf(record.severity.letter())).isEqualTo(c.get("severity").asText());
        assertThat(record.month).isEqualTo(c.get("month").asInt());
        assertThat(record.day).isEqualTo(c.get("day").asInt());
        assertThat(String.format("%02d:%02d:%02d.%06d", record.hour, record.minute, record.second, record.microsecond))
                .isEqualTo(c.get("time").asText());
        assertThat(record.threadId).isEqualTo(c.get("threadid").asLong());
        assertThat(record.sourceFile()).isEqualTo(c.get("file").asText());
        assertThat(record.sourceLine).isEqualTo(SOURCE_LINE);
        assertThat(record.sourceFileOffset).as("file name at byte 30 for a pid below 10^7").isEqualTo(30);

        if (!c.get("structured").asBoolean()) {
            assertThat(new String(record.message(), StandardCharsets.UTF_8)).isEqualTo(c.get("msg").asText());
            return;
        }
        KlogStructuredMessage structured = new KlogStructuredMessage();
        structuredParser.parse(line, record.messageOffset, record.messageLength, structured);
        assertThat(structured.message()).isEqualTo(c.get("msg").asText());
        List<String> expected = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("kv").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kv = it.next();
            expected.add(kv.getKey() + "=" + kv.getValue().asText());
        }
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < structured.size(); i++) {
            actual.add(structured.key(i) + "=" + structured.value(i));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        if (c.has("kv_types")) {
            assertThat(structured.valueKind(0)).isEqualTo(KlogValueKind.BARE);
        }
    }

    @Test
    void parsesDirectoryInFileNameWideThreadIdAndEmptyMessage() throws LogFormatException {
        byte[] line = "W1231 23:59:59.999999 123456789 v2/klog_test.go:7] \n".getBytes(StandardCharsets.UTF_8);
        KlogRecord record = new KlogRecord();
        headerParser.parse(line, 0, line.length, record);
        assertThat(record.severity).isEqualTo(KlogSeverity.WARNING);
        assertThat(record.threadId).isEqualTo(123_456_789L);
        assertThat(record.sourceFile()).isEqualTo("v2/klog_test.go");
        assertThat(record.sourceLine).isEqualTo(7);
        assertThat(record.messageLength).isZero();
    }

    @Test
    void messageMayContainColonsAndBrackets() throws LogFormatException {
        byte[] line = "E0102 15:04:05.067890    1234 server.go:88] listen: tcp [::1]:80: refused".getBytes(StandardCharsets.UTF_8);
        KlogRecord record = new KlogRecord();
        headerParser.parse(line, 0, line.length, record);
        assertThat(record.sourceFile()).isEqualTo("server.go");
        assertThat(record.sourceLine).isEqualTo(88);
        assertThat(new String(record.message(), StandardCharsets.UTF_8)).isEqualTo("listen: tcp [::1]:80: refused");
    }

    @Test
    void resolvesTheInstantGivenAYearAndZone() throws LogFormatException {
        byte[] line = "I0102 15:04:05.067890    1234 klog_test.go:1] test\n".getBytes(StandardCharsets.UTF_8);
        KlogRecord record = new KlogRecord();
        headerParser.parse(line, 0, line.length, record);
        assertThat(record.epochNanos(2006, ZoneOffset.UTC)).isEqualTo(1_136_214_245_067_890_000L);
        assertThat(record.epochNanos(2006, ZoneId.of("America/Denver")))
                .isEqualTo(1_136_214_245_067_890_000L + 7 * 3600 * 1_000_000_000L);
    }

    @Test
    void resolvesTheYearClosestToAReferenceTime() throws LogFormatException {
        byte[] line = "I1231 23:59:59.500000    1234 a.go:1] late\n".getBytes(StandardCharsets.UTF_8);
        KlogRecord record = new KlogRecord();
        headerParser.parse(line, 0, line.length, record);
        long newYear2025 = 1_735_689_600_000_000_000L;
        assertThat(record.epochNanosNear(newYear2025 + 10_000_000_000L, ZoneOffset.UTC))
                .isEqualTo(newYear2025 - 500_000_000L);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            X0102 15:04:05.067890    1234 a.go:1] m | not a klog header: byte 0: expected a severity letter I, W, E or F, found "X0102 15:04:05.0"
            I1302 15:04:05.067890    1234 a.go:1] m | not a klog header: byte 1: expected a month 01-12, found "1302 15:04:05.06"
            I0100 15:04:05.067890    1234 a.go:1] m | not a klog header: byte 3: expected a day 01-31, found "00 15:04:05.0678"
            I0102 25:04:05.067890    1234 a.go:1] m | not a klog header: byte 6: expected an hour 00-23, found "25:04:05.067890 "
            I0102 15-04:05.067890    1234 a.go:1] m | not a klog header: byte 8: expected ':', found "-04:05.067890   "
            I0102 15:04:05.0678x0    1234 a.go:1] m | not a klog header: byte 15: expected 6 digits of microseconds, found "0678x0    1234 a"
            I0102 15:04:05.067890        a.go:1] m  | not a klog header: byte 29: expected a thread id (digits, right-aligned in 7 columns), found "a.go:1] m"
            I0102 15:04:05.067890    1234 a.go:1]m  | not a klog header: byte 37: expected a space after "]", found "m"
            I0102 15:04:05.067890    1234 a.go] m   | not a klog header: byte 30: expected a source location like file.go:123] (no spaces in the file name), found "a.go] m"
            I0102 15:04:05                          | not a klog header: byte 14: expected a header like I0102 15:04:05.067890    1234 file.go:12] of at least 22 bytes, found end of line
            """)
    void rejectsWhatIsNotAHeaderNamingByteAndExpectation(String line, String error) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> headerParser.parse(bytes, 0, bytes.length, new KlogRecord()))
                .isInstanceOf(LogFormatException.class)
                .hasMessage(error);
    }
}
