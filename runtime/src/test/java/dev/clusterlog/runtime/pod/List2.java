package dev.clusterlog.runtime.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

/** Assertions on CRI lines. */
final class List2 {
    private static final Pattern CRI = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d) (stdout|stderr) [PF] (.*)");

    private List2() {
    }

    /** Every line is a CRI record, and their contents are {@code expected}, in any stream order. */
    static void assertCri(List<String> lines, String... expected) {
        assertThat(lines).allMatch(l -> CRI.matcher(l).matches(), "CRI lines");
        assertThat(lines.stream().map(l -> {
            var m = CRI.matcher(l);
            m.matches();
            return m.group(4);
        }).toList()).containsExactlyInAnyOrder(expected);
    }
}
