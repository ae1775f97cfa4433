package dev.clusterlog.logql.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The literals a regex needs, which prefilter regex line filters. */
class RegexLiteralsTest {
    @Test
    void regexLiterals() {
        assertThat(RegexLiterals.pureLiteral("error")).isEqualTo("error");
        assertThat(RegexLiterals.pureLiteral("a\\.b")).isEqualTo("a.b");
        assertThat(RegexLiterals.pureLiteral("a.b")).isNull();
        assertThat(RegexLiterals.literalAlternatives("error|warn|fatal")).containsExactly("error", "warn", "fatal");
        assertThat(RegexLiterals.literalAlternatives("err.r|warn")).isNull();
        assertThat(RegexLiterals.requiredRuns("tsdb-ops.*io:2003")).containsExactly("tsdb-ops", "io:2003");
        assertThat(RegexLiterals.requiredRuns("abc*d")).containsExactly("ab", "d");
        assertThat(RegexLiterals.requiredRuns("ab+c")).containsExactly("ab", "c");
        assertThat(RegexLiterals.requiredRuns("x{2,3}yz(a|b)q")).containsExactly("yz", "q");
        assertThat(RegexLiterals.requiredRuns("(?i)error")).isEmpty();
        assertThat(RegexLiterals.requiredRuns("a|bc")).isEmpty();
        assertThat(RegexLiterals.requiredRuns("[abc]+def\\d")).isEqualTo(List.of("def"));
    }
}
