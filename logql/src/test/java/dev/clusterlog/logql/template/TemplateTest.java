package dev.clusterlog.logql.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Template functions with the examples of Loki's template_functions page. */
class TemplateTest {
    static final Map<String, String> LABELS = Map.ofEntries(Map.entry("name", "Loki"), Map.entry("path", "/api/v1 query"), Map.entry("status", "200"), Map.entry("level", "error"), Map.entry("n", "7"), Map.entry("epoch", "1618790400"), Map.entry("size", "20MB"), Map.entry("dur", "1m30s"), Map.entry("empty", ""), Map.entry("ip", "10.0.0.1"), Map.entry("message", "The quick brown fox"));

    static String run(String template) {
        return Template.parse(template).execute(LABELS, "the line", 1_618_790_400_123_456_789L);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "{{.name}} => Loki",
        "'[{{ .missing }}]' => []",
        "'{{ \"This is a string\" | ToUpper }}' => THIS IS A STRING",
        "'{{ \"This is a string\" | ToLower }}' => this is a string",
        "'{{ Replace \"This is a string\" \" \" \"-\" -1 }}' => This-is-a-string",
        "'{{ Replace \"a a a\" \"a\" \"b\" 2 }}' => b b a",
        "'{{ Trim \"   abc    \" \" \" }}' => abc",
        "'{{ TrimLeft \"abc\" \"a\" }}' => bc",
        "'{{ TrimRight \"abc\" \"c\" }}' => ab",
        "'{{ TrimPrefix \"abcd\" \"ab\" }}' => cd",
        "'{{ TrimSuffix \"abcd\" \"cd\" }}' => ab",
        "'{{ TrimSpace \"  abc  \" }}' => abc",
        "'{{ .path | replace \" \" \"_\" }}' => /api/v1_query",
        "'{{ .message | trunc 9 }}' => The quick",
        "'{{ .message | substr 4 9 }}' => quick",
        "'{{ .name | lower }}-{{ .name | upper }}' => loki-LOKI",
        "'{{ \"hello world\" | title }}' => Hello World",
        "'{{ regexReplaceAll \"(a*)bc\" \"aaabc\" \"${1}X\" }}' => aaaX",
        "'{{ regexReplaceAllLiteral \"(ab)\" \"ab\" \"$1\" }}' => $1",
        "'{{ regexReplaceAll \"(?P<first>\\\\w+) (?P<second>\\\\w+)\" \"hello world\" \"${second} ${first}\" }}' => world hello",
        "'{{ .empty | default \"-\" }}' => -",
        "'{{ .name | default \"-\" }}' => Loki",
        "'{{ default \"x\" .missing }}' => x",
        "'{{ contains \"qui\" .message }}' => true",
        "'{{ hasPrefix \"The\" .message }}' => true",
        "'{{ hasSuffix \"cat\" .message }}' => false",
        "'{{ repeat 3 \"ab\" }}' => ababab",
        "'{{ add 1 2 }} {{ sub 5 3 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }}' => 3 2 24 3 1",
        "'{{ addf 1.5 2 }} {{ subf 5 1.5 }} {{ mulf 1.5 2 }} {{ divf 7 2 }}' => 3.5 3.5 3 3.5",
        "'{{ max 1 5 3 }} {{ min 4 2 }} {{ maxf 1.5 2.5 }} {{ minf 1.5 2.5 }}' => 5 2 2.5 1.5",
        "'{{ ceil 1.2 }} {{ floor 1.8 }} {{ round 1.5 }} {{ round 3.14159 2 }}' => 2 1 2 3.14",
        "'{{ .n | int | add 3 }}' => 10",
        "'{{ float64 .n }}' => 7",
        "'{{ printf \"%s-%d-%.2f-%5s|%-4d|%q|%x\" .name 42 3.14159 \"ab\" 7 \"q\" 255 }}' => Loki-42-3.14-   ab|7   |\"q\"|ff",
        "'{{ printf \"%v %v\" .status 1.5 }}' => 200 1.5",
        "'{{ if eq .level \"error\" }}ERR{{ else }}OK{{ end }}' => ERR",
        "'{{ if eq .level \"warn\" }}W{{ else if eq .level \"error\" }}E{{ else }}O{{ end }}' => E",
        "'{{ if and .name .missing }}a{{ else }}b{{ end }}' => b",
        "'{{ if or .missing .name }}{{ .name }}{{ end }}' => Loki",
        "'{{ if not .missing }}none{{ end }}' => none",
        "'{{ if gt (.n | int) 5 }}big{{ end }}' => big",
        "'{{ if ne .status \"200\" }}bad{{ else }}ok{{ end }}' => ok",
        "'{{ len .name }}' => 4",
        "'{{ __line__ }}' => the line",
        "'{{ __timestamp__ | unixEpoch }}' => 1618790400",
        "'{{ __timestamp__ | unixEpochMillis }}' => 1618790400123",
        "'{{ __timestamp__ | unixEpochNanos }}' => 1618790400123456789",
        "'{{ __timestamp__ | date \"2006-01-02 15:04:05.000 MST\" }}' => 2021-04-19 00:00:00.123 UTC",
        "'{{ __timestamp__ | date \"Mon Jan _2 3:04PM\" }}' => Mon Apr 19 12:00AM",
        "'{{ __timestamp__ }}' => 2021-04-19 00:00:00.123456789 +0000 UTC",
        "'{{ toDateInZone \"2006-01-02\" \"2021-04-19\" \"UTC\" | unixEpoch }}' => 1618790400",
        "'{{ toDate \"2006-01-02T15:04:05Z07:00\" \"2021-04-19T02:00:00+02:00\" | unixEpoch }}' => 1618790400",
        "'{{ .epoch | unixToTime | date \"2006-01-02\" }}' => 2021-04-19",
        "'{{ \"1618790400123\" | unixToTime | unixEpochMillis }}' => 1618790400123",
        "'{{ alignLeft 5 \"hello world\" }}|{{ alignRight 5 \"hello world\" }}|{{ alignLeft 7 \"ab\" }}|' => hello|world|ab     |",
        "'{{ count \"a\" \"banana\" }}' => 3",
        "'{{ .size | bytes }}' => 20000000",
        "'{{ .dur | duration }}' => 90",
        "'{{ \"a b\" | urlencode }} {{ \"a%20b\" | urldecode }}' => a+b a b",
        "'{{ \"loki\" | b64enc }} {{ \"bG9raQ==\" | b64dec }}' => bG9raQ== loki",
        "'{{ indent 2 \"a\\nb\" }}' => '  a\n  b'",
        "'a {{- \" b \" -}} c' => a b c",
        "'{{/* comment */}}x' => x",
        "'{{ `raw \\n` }}' => raw \\n",
        "'{{ (.n | int) }}' => 7",
    })
    void lokiTemplateFunctions(String template, String expected) {
        String want = template.contains("indent") ? expected.replace("\\n", "\n") : expected;
        assertThat(run(template)).isEqualTo(want);
    }

    @Test
    void printsFloatsAsGo() {
        assertThat(Values.formatFloat(1e21)).isEqualTo("1e+21");
        assertThat(Values.formatFloat(123456.5)).isEqualTo("123456.5");
        assertThat(Values.formatFloat(0.00001)).isEqualTo("1e-05");
        assertThat(Values.formatFloat(0.0001)).isEqualTo("0.0001");
    }

    @Test
    void rejectsBadTemplates() {
        assertThatThrownBy(() -> Template.parse("{{ .a ")).hasMessage("template: line:1: unclosed action");
        assertThatThrownBy(() -> Template.parse("{{ if .a }}x")).hasMessage("template: line:1: unexpected EOF");
        assertThatThrownBy(() -> Template.parse("{{ end }}")).hasMessage("template: line:1: unexpected {{end}}");
        assertThatThrownBy(() -> Template.parse("{{ range .a }}{{ end }}"))
                .hasMessage("template: line:1: unsupported action range");
        assertThatThrownBy(() -> Template.parse("{{ foo }}")).hasMessage("template: line:1: function \"foo\" not defined");
    }

    @Test
    void runtimeErrorsAreTemplateExceptions() {
        assertThatThrownBy(() -> run("{{ div 1 0 }}")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("integer divide by zero");
        assertThatThrownBy(() -> run("{{ unixToTime \"12\" }}")).isInstanceOf(TemplateException.class);
    }
}
