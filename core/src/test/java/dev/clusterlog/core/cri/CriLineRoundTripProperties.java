package dev.clusterlog.core.cri;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogRecord;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** What {@link CriLineWriter} writes, {@link CriLineParser} reads back unchanged. */
class CriLineRoundTripProperties {

    @Property(tries = 2000)
    void contentTimeAndStreamSurviveWriteThenParse(
            @ForAll("contentWithoutNewline") byte[] content,
            @ForAll @LongRange(min = -9_000_000_000_000_000_000L, max = 9_000_000_000_000_000_000L) long epochNanos,
            @ForAll @IntRange(min = -(23 * 60 + 59), max = 23 * 60 + 59) int offsetMinutes,
            @ForAll LogStream stream,
            @ForAll boolean partial) throws LogFormatException {
        byte[] line = CriLineWriter.encodeRecord(epochNanos, offsetMinutes * 60, stream, partial, content);
        LogRecord record = new LogRecord();
        new CriLineParser().parse(line, 0, line.length, record);

        byte[] expected = partial ? content : Arrays.copyOf(content, content.length + 1);
        if (!partial) {
            expected[content.length] = '\n';
        }
        assertThat(record.content()).isEqualTo(expected);
        assertThat(record.partial).isEqualTo(partial);
        assertThat(record.stream).isEqualTo(stream);
        assertThat(record.epochNanos).isEqualTo(epochNanos);
        assertThat(record.offsetSeconds).isEqualTo(offsetMinutes * 60);
    }

    /** Arbitrary bytes (invalid UTF-8, \r, NUL, spaces included) except \n, biased to the tricky ones. */
    @Provide
    Arbitrary<byte[]> contentWithoutNewline() {
        Arbitrary<Byte> tricky = Arbitraries.of((byte) '\r', (byte) 0, (byte) ' ', (byte) ':', (byte) 0xff, (byte) 0xc3);
        Arbitrary<Byte> any = Arbitraries.bytes().filter(b -> b != '\n');
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, tricky), net.jqwik.api.Tuple.of(4, any))
                .list().ofMaxSize(300)
                .map(list -> {
                    byte[] b = new byte[list.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = list.get(i);
                    }
                    return b;
                });
    }
}
