package dev.clusterlog.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.io.ByteWriter;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's quoting both ways; cases from Go's strconv tests. */
class GoStringsTest {

    @Property(tries = 1000)
    void unquoteReversesQuote(@ForAll byte[] bytes) {
        String quoted = GoStrings.quote(bytes, 0, bytes.length);
        byte[] q = quoted.getBytes(StandardCharsets.UTF_8);
        ByteWriter out = new ByteWriter(16);
        int end = GoStrings.unquote(q, 0, q.length, out);
        assertThat(end).isEqualTo(q.length);
        assertThat(out.toByteArray()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\tb|a\tb", "\\u263a|\u263a", "\\U0010ffff|\udbff\udfff", "\\x41\\102|AB",
        "plain|plain"
    })
    void unescapes(String body, String value) {
        assertThat(GoStrings.unescape(body)).isEqualTo(value);
    }

    @Test
    void controlEscapes() {
        assertThat(GoStrings.unescape("\\a\\b\\f\\v\\r\\n")).isEqualTo("\u0007\b\f\u000b\r\n");
        assertThat(GoStrings.unescape("\\\"q\\\"")).isEqualTo("\"q\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\'", "\\q", "\\x4", "\\u12", "\\400", "\\ud800", "\\U00110000", "end\\"})
    void refusesWhatGoRefuses(String body) {
        assertThatThrownBy(() -> GoStrings.unescape(body)).isInstanceOf(GoStrings.SyntaxException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"open", "\"new\nline\"", "no quote"})
    void unterminatedLiterals(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GoStrings.unquote(b, 0, b.length, new ByteWriter(8)))
                .isInstanceOf(GoStrings.SyntaxException.class);
    }
}
