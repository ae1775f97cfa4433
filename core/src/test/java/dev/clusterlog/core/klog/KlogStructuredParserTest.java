package dev.clusterlog.core.klog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlog.core.SharedVectors;
import dev.clusterlog.core.text.GoStrings;
import dev.clusterlog.core.format.LogFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structured-message parser against klog's own output tests ({@code test/output.go},
 * {@code vectors/klog/klog_structured_output_cases.jsonl}). The harness there normalizes the
 * header to {@code "<S> <file>:<LINE>] "}, so entries are split on that prefix here, and the
 * message after it goes through {@link KlogStructuredParser}.
 */
class KlogStructuredParserTest {
    private static final Pattern NORMALIZED_HEADER = Pattern.compile("^([IWEF]) (\\S+):<LINE>\\] (.*)$");

    private final KlogStructuredParser parser = new KlogStructuredParser();

    static Stream<Arguments> outputCases() {
        List<JsonNode> cases = SharedVectors.jsonLines("klog/klog_structured_output_cases.jsonl");
        assertThat(cases).hasSize(48);
        return cases.stream().map(c -> Arguments.of(Named.of(c.get("name").asText(), c)));
    }

    /**
     * Per entry: severity (E only for the cases that log an error), file, the message equal to the
     * logged text, the pairs printed back in klog's syntax equal to the written text (so every
     * key/value boundary is checked), and, where the case gives its key/values as plain JSON
     * scalars, the exact pairs klog's merging rules produce.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("outputCases")
    void parsesKlogOutputCase(JsonNode c) throws LogFormatException {
        List<String> entries = splitEntries(c.get("expected_lines"));
        Assumptions.assumeFalse(entries.isEmpty(),
                "case \"" + c.get("name").asText() + "\" expects klog to print nothing: no line to parse");
        String expectedSeverity = c.has("err_go_ast") ? "E" : "I";
        KlogStructuredMessage parsed = new KlogStructuredMessage();
        for (String entry : entries) {
            Matcher m = NORMALIZED_HEADER.matcher(entry.substring(0, entry.indexOf('\n') < 0 ? entry.length() : entry.indexOf('\n')));
            assertThat(m.matches()).as(entry).isTrue();
            assertThat(m.group(1)).isEqualTo(expectedSeverity);
            assertThat(m.group(2)).isEqualTo("output.go");
            String message = entry.substring(entry.indexOf("] ") + 2);
            byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
            parser.parse(bytes, 0, bytes.length, parsed);
            assertThat(parsed.message()).isEqualTo(c.get("text").asText());
            assertThat(printKlogStyle(parsed)).isEqualTo(message);
        }
        Map<String, String> expectedPairs = plainPairs(c);
        if (expectedPairs != null && entries.size() == 1) {
            assertThat(pairsOf(parsed)).containsExactlyEntriesOf(expectedPairs);
        }
    }

    @Test
    void decodesMultiLineValuesJsonAndGoEscapes() throws LogFormatException {
        String text = "\"caf\\u00e9 \\x41\\101\\tx\" s=<\n\t{\n\t  \"Name\": \"w\"\n\t}\n > i=[1,\"]\",3] b=true e=\"\" m={\"k\":{\"a\":\"}\"}}\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        KlogStructuredMessage parsed = new KlogStructuredMessage();
        parser.parse(bytes, 0, bytes.length, parsed);
        assertThat(parsed.message()).isEqualTo("café AA\tx");
        assertThat(pairsOf(parsed)).containsExactly(
                Map.entry("s", "{\n  \"Name\": \"w\"\n}"), Map.entry("i", "[1,\"]\",3]"), Map.entry("b", "true"),
                Map.entry("e", ""), Map.entry("m", "{\"k\":{\"a\":\"}\"}}"));
        assertThat(parsed.valueKind(0)).isEqualTo(KlogValueKind.MULTI_LINE);
        assertThat(parsed.valueKind(1)).isEqualTo(KlogValueKind.JSON);
        assertThat(parsed.valueKind(2)).isEqualTo(KlogValueKind.BARE);
        assertThat(parsed.valueKind(3)).isEqualTo(KlogValueKind.QUOTED);
    }

    @Test
    void keepsInvalidUtf8FromHexEscapesAsRawBytes() throws LogFormatException {
        byte[] bytes = "\"m\" k=\"\\xff\\xfe\"".getBytes(StandardCharsets.UTF_8);
        KlogStructuredMessage parsed = new KlogStructuredMessage();
        parser.parse(bytes, 0, bytes.length, parsed);
        assertThat(java.util.Arrays.copyOfRange(parsed.buffer(), parsed.valueOffset(0),
                parsed.valueOffset(0) + parsed.valueLength(0))).containsExactly(0xff, 0xfe);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            plain text                | not a klog structured message: byte 0: expected a Go-quoted message "..." (a structured InfoS/ErrorS line), found "plain text"
            "unterminated             | byte 0: expected a Go-quoted string closed by '"' on the same line
            "m"k="v"                  | not a klog structured message: byte 3: expected a space before the next key=value pair, found "k=\\"v\\""
            "m" novalue               | not a klog structured message: byte 11: expected '=' after the key, found end of message
            "m" k=                    | not a klog structured message: byte 6: expected a value after '=', found end of message
            "m" k=[1,2                | not a klog structured message: byte 6: expected a JSON value closed on the same line, found "[1,2"
            "m" k="\\q"               | byte 7: unknown escape \\q: expected \\n \\t \\" \\\\ \\xNN \\NNN or \\uNNNN
            """)
    void rejectsMalformedMessagesNamingByteAndExpectation(String message, String error) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(bytes, 0, bytes.length, new KlogStructuredMessage()))
                .isInstanceOf(LogFormatException.class)
                .hasMessage(error);
    }

    @Test
    void rejectsAMultiLineValueWithoutEndMarker() {
        byte[] bytes = "\"m\" k=<\n\tline\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(bytes, 0, bytes.length, new KlogStructuredMessage()))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("end marker \" >\"");
    }

    /** Joins each header line with its continuation lines (multi-line values). */
    private static List<String> splitEntries(JsonNode lines) {
        List<String> entries = new ArrayList<>();
        for (JsonNode node : lines) {
            String line = node.asText();
            if (NORMALIZED_HEADER.matcher(line).matches() || entries.isEmpty()) {
                entries.add(line);
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line);
            }
        }
        return entries;
    }

    /** The pairs written back as klog does, to compare with the original text. */
    private static String printKlogStyle(KlogStructuredMessage parsed) {
        StringBuilder sb = new StringBuilder(GoStrings.quote(parsed.message()));
        for (int i = 0; i < parsed.size(); i++) {
            sb.append(' ').append(parsed.key(i)).append('=');
            String value = parsed.value(i);
            switch (parsed.valueKind(i)) {
                case QUOTED -> sb.append(GoStrings.quote(value));
                case MULTI_LINE -> sb.append("<\n\t").append(value.replace("\n", "\n\t")).append("\n >");
                case JSON, BARE -> sb.append(value);
            }
        }
        return sb.toString();
    }

    private static Map<String, String> pairsOf(KlogStructuredMessage parsed) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < parsed.size(); i++) {
            assertThat(pairs.put(parsed.key(i), parsed.value(i))).as("duplicate key " + parsed.key(i)).isNull();
        }
        return pairs;
    }

    /**
     * The pairs klog writes for a case whose {@code withValues} and {@code values} are plain JSON
     * lists with string keys and string or integer values: WithValues first, then the call's
     * values (after {@code logger=} for WithName); a key given again moves to its last position with its last value; a key without a
     * value gets {@code "(MISSING)"}. Null for other cases (Go values given as AST, several calls).
     */
    private static Map<String, String> plainPairs(JsonNode c) {
        if (c.has("moreValues") || hasGoAst(c)) {
            return null;
        }
        List<String[]> pairs = new ArrayList<>();
        if (c.has("withNames")) {
            List<String> names = new ArrayList<>();
            c.get("withNames").forEach(n -> names.add(n.asText()));
            pairs.add(new String[] {"logger", String.join(".", names)});
        }
        for (String field : new String[] {"withValues", "values"}) {
            JsonNode list = c.get(field);
            if (list == null) {
                continue;
            }
            for (int i = 0; i < list.size(); i += 2) {
                if (!list.get(i).isTextual()) {
                    return null;
                }
                JsonNode value = list.get(i + 1);
                if (value != null && !value.isTextual() && !value.isIntegralNumber()) {
                    return null;
                }
                pairs.add(new String[] {list.get(i).asText(), value == null ? "(MISSING)" : value.asText()});
            }
        }
        Map<String, String> merged = new LinkedHashMap<>();
        for (String[] pair : pairs) {
            merged.remove(pair[0]);
            merged.put(pair[0], pair[1]);
        }
        return merged;
    }

    private static boolean hasGoAst(JsonNode c) {
        for (var it = c.fieldNames(); it.hasNext(); ) {
            if (it.next().endsWith("_go_ast")) {
                return true;
            }
        }
        return false;
    }
}
