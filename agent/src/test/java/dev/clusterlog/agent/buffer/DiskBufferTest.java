package dev.clusterlog.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.core.entry.LabelSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBufferTest {
    @TempDir
    Path tmp;

    static Batch batch(String source, long end, String line) {
        return Batch.of(source, LabelSet.of("pod", "p"), end - 1, end, List.of(Map.entry(end, line)));
    }

    @Test
    void deliveredRecordsStayDeliveredAcrossReopenAndATornTailIsSkipped() throws Exception {
        try (DiskBuffer b = new DiskBuffer(tmp, 1 << 20)) {
            b.append(batch("s", 1, "one"));
            b.append(batch("s", 2, "two"));
            assertThat(b.peek(0).line(0)).isEqualTo("one");
            b.advance();
        }
        // a torn write at a crash: half a record at the end of the segment
        Files.write(tmp.resolve("seg-0.buf"), new byte[] {0, 0, 0, 50, 1, 2}, StandardOpenOption.APPEND);
        try (DiskBuffer b = new DiskBuffer(tmp, 1 << 20)) {
            Batch next = b.peek(0);
            assertThat(next.line(0)).isEqualTo("two");
            assertThat(next.sourceId).isEqualTo("s");
            assertThat(next.labels).isEqualTo(LabelSet.of("pod", "p"));
            b.advance();
            b.append(batch("s", 3, "three"));
            assertThat(b.peek(0).line(0)).isEqualTo("three");
            assertThat(b.skippedRecords()).isEqualTo(1);
            b.advance();
            assertThat(b.empty()).isTrue();
            assertThat(b.peek(10)).isNull();
        }
        assertThat(tmp.resolve("seg-0.buf")).doesNotExist();
    }

    @Test
    void quotaSaysWhenFull() throws Exception {
        try (DiskBuffer b = new DiskBuffer(tmp, 200)) {
            assertThat(b.hasRoom()).isTrue();
            b.append(batch("s", 1, "x".repeat(300)));
            assertThat(b.hasRoom()).isFalse();
            b.peek(0);
            b.advance();
            assertThat(b.hasRoom()).isTrue();
        }
    }
}
