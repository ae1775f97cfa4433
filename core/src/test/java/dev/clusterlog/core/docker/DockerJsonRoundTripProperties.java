package dev.clusterlog.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogRecord;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** What {@link DockerJsonLineWriter} writes, {@link DockerJsonLineParser} reads back unchanged. */
class DockerJsonRoundTripProperties {

    /**
     * Content is any string's UTF-8 (a lone surrogate becomes '?' there), with or without the
     * trailing newline of a full message; partial means no trailing newline (moby's rule).
     */
    @Property(tries = 2000)
    void contentPartialFlagTimeAndStreamSurviveWriteThenParse(
            @ForAll String text,
            @ForAll boolean full,
            @ForAll @LongRange(min = -9_000_000_000_000_000_000L, max = 9_000_000_000_000_000_000L) long epochNanos,
            @ForAll LogStream stream) throws LogFormatException {
        byte[] content = (full ? text + "\n" : text).getBytes(StandardCharsets.UTF_8);
        byte[] line = DockerJsonLineWriter.encodeRecord(epochNanos, stream, content);
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');

        LogRecord record = new LogRecord();
        new DockerJsonLineParser().parse(line, 0, line.length, record);
        assertThat(record.content()).isEqualTo(content);
        assertThat(record.partial).isEqualTo(!(content.length > 0 && content[content.length - 1] == '\n'));
        assertThat(record.stream).isEqualTo(stream);
        assertThat(record.epochNanos).isEqualTo(epochNanos);
        assertThat(record.offsetSeconds).isZero();
    }
}
