package dev.clusterlog.core.cri;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerdLineSplitterTest {

    /** Regression: the \r of a \r\n terminator used to count toward maxLen and force a P piece. */
    @Test
    void carriageReturnOfTerminatorDoesNotCountTowardMaxLength() throws IOException {
        assertThat(split(4, "abcd\r\n")).containsExactly("F abcd");
        assertThat(split(4, "abcd\r", "\n")).containsExactly("F abcd");
        assertThat(split(4, "abcd\rx\n")).containsExactly("P abcd", "F \rx");
        assertThat(split(4, "ab\r")).containsExactly("P ab\r");
    }

    @Test
    void cutsLongLinesIntoExactPiecesAndEndsUnterminatedInputWithP() throws IOException {
        assertThat(split(3, "abcdefg\nxyz\nuv")).containsExactly("P abc", "P def", "F g", "F xyz", "P uv");
        assertThat(split(3, "abcdef\n")).containsExactly("P abc", "F def");
        assertThat(split(-1, "abcdef\n")).containsExactly("F abcdef");
    }

    private static List<String> split(int maxLength, String... chunks) throws IOException {
        List<String> out = new ArrayList<>();
        ContainerdLineSplitter splitter = new ContainerdLineSplitter(maxLength,
                (partial, content, off, len) -> out.add((partial ? "P " : "F ") + new String(content, off, len, StandardCharsets.ISO_8859_1)));
        for (String chunk : chunks) {
            byte[] b = chunk.getBytes(StandardCharsets.ISO_8859_1);
            splitter.feed(b, 0, b.length);
        }
        splitter.finish();
        return out;
    }
}
