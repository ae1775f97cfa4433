package dev.clusterlog.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlog.core.SharedVectors;
import dev.clusterlog.core.time.Rfc3339;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRI and Docker json-file parsers against kubelet's {@code TestParseLog} cases and
 * vector's parser cases ({@code vectors/kubernetes-cri-logs}), each line going through
 * {@link LogFormat#detect} first, as kubelet does with a file's first line.
 */
class ContainerLogVectorTest {

    static Stream<Arguments> kubeletParseCases() {
        return cases("kubernetes-cri-logs/parse_cases.jsonl", c -> c.get("id").asText());
    }

    static Stream<Arguments> vectorParserCases() {
        return cases("kubernetes-cri-logs/vector_parser_cases.jsonl",
                c -> c.get("format").asText() + " " + (c.get("valid").asBoolean() ? "valid " : "invalid ")
                        + abbreviate(c.has("line") ? c.get("line").asText() : c.has("line_hex") ? "line_hex" : "generated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubeletParseCases")
    void parsesKubeletCase(JsonNode c) throws LogFormatException {
        byte[] line = SharedVectors.lineBytes(c);
        if (!c.get("valid").asBoolean()) {
            assertThatThrownBy(() -> LogFormat.detect(line, 0, line.length))
                    .isInstanceOf(LogFormatException.class)
                    .hasMessage(c.get("expected_error_of_format_detection").asText());
            return;
        }
        LogRecord record = detectAndParse(line, c.get("format").asText());
        assertThat(Rfc3339.formatFixed(record.epochNanos, record.offsetSeconds)).isEqualTo(c.get("timestamp").asText());
        assertThat(record.stream.wireName()).isEqualTo(c.get("stream").asText());
        assertThat(new String(record.content(), StandardCharsets.UTF_8)).isEqualTo(c.get("log").asText());
        if (c.has("partial")) {
            assertThat(record.partial).isEqualTo(c.get("partial").asBoolean());
        }
    }

    /**
     * Vector's cases. For CRI every expectation is kubelet's too. For Docker json-file vector
     * strips the {@code log}'s trailing newline into {@code message} and marks a record partial
     * only when its log is 16384 bytes without a newline; we keep the log verbatim (kubelet) and
     * check our partial rule instead: a log without a trailing newline is partial (moby's writer).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectorParserCases")
    void parsesVectorCase(JsonNode c) throws LogFormatException {
        byte[] line = SharedVectors.lineBytes(c);
        String format = c.get("format").asText();
        if (!c.get("valid").asBoolean()) {
            LogLineParser parser = formatNamed(format).newParser();
            assertThatThrownBy(() -> parser.parse(line, 0, line.length, new LogRecord()))
                    .isInstanceOf(LogFormatException.class);
            assertThatThrownBy(() -> LogFormat.detect(line, 0, line.length))
                    .isInstanceOf(LogFormatException.class)
                    .hasMessageStartingWith("unsupported log format: \"");
            return;
        }
        LogRecord record = detectAndParse(line, format);
        byte[] expectedMessage = expectedMessage(c);
        assertThat(record.stream.wireName()).isEqualTo(c.get("stream").asText());
        if (c.has("timestamp")) {
            assertThat(Rfc3339.formatFixed(record.epochNanos, record.offsetSeconds)).isEqualTo(c.get("timestamp").asText());
        }
        if (record.format == LogFormat.CRI) {
            assertThat(record.content()).isEqualTo(expectedMessage);
            assertThat(record.partial).isEqualTo(c.get("partial").asBoolean());
        } else {
            byte[] content = record.content();
            boolean endsWithNewline = content.length > 0 && content[content.length - 1] == '\n';
            byte[] withoutNewline = endsWithNewline ? java.util.Arrays.copyOf(content, content.length - 1) : content;
            assertThat(withoutNewline).isEqualTo(expectedMessage);
            assertThat(record.partial).as("our rule: a docker log without trailing \\n is partial")
                    .isEqualTo(!endsWithNewline);
        }
    }

    private static LogRecord detectAndParse(byte[] line, String expectedFormat) throws LogFormatException {
        LogFormat format = LogFormat.detect(line, 0, line.length);
        assertThat(format).isEqualTo(formatNamed(expectedFormat));
        LogRecord record = new LogRecord();
        format.newParser().parse(line, 0, line.length, record);
        assertThat(record.format).isEqualTo(format);
        return record;
    }

    private static byte[] expectedMessage(JsonNode c) {
        if (c.has("message_hex")) {
            return HexFormat.of().parseHex(c.get("message_hex").asText());
        }
        String message = c.has("message_generator") ? SharedVectors.generate(c.get("message_generator"))
                : c.get("message").asText();
        return message.getBytes(StandardCharsets.UTF_8);
    }

    private static LogFormat formatNamed(String name) {
        return switch (name) {
            case "cri" -> LogFormat.CRI;
            case "docker-json" -> LogFormat.DOCKER_JSON;
            default -> throw new IllegalArgumentException("unknown format in vector: " + name);
        };
    }

    private static Stream<Arguments> cases(String file, java.util.function.Function<JsonNode, String> name) {
        List<JsonNode> cases = SharedVectors.jsonLines(file);
        assertThat(cases).isNotEmpty();
        return cases.stream().map(c -> Arguments.of(Named.of(name.apply(c), c)));
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
