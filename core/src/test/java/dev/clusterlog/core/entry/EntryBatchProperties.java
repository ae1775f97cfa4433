package dev.clusterlog.core.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.io.ByteReader;
import dev.clusterlog.core.io.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link EntryBatch}: what is added comes back, through the binary form too, and views select streams. */
class EntryBatchProperties {

    /** One entry as the test generates it. */
    record Item(int stream, long ts, byte[] line, List<String> metadata) {
    }

    @Property(tries = 500)
    void entriesSurviveBuildWriteAndRead(@ForAll("items") List<Item> items) {
        LabelSet[] streams = {LabelSet.of("app", "a"), LabelSet.of("app", "b", "pod", "p"), LabelSet.of("x", "y")};
        EntryBatch.Builder b = EntryBatch.builder();
        EntryBatch.Builder encoded = EntryBatch.builder();
        for (Item it : items) {
            b.stream(streams[it.stream()]).add(it.ts(), it.line(), 0, it.line().length);
            for (int k = 0; k < it.metadata().size(); k += 2) {
                b.metadata(it.metadata().get(k), it.metadata().get(k + 1));
            }
            byte[] md = StructuredMetadata.encode(it.metadata().toArray(String[]::new));
            encoded.stream(streams[it.stream()]).add(it.ts(), it.line(), 0, it.line().length, md, 0, md.length);
        }
        EntryBatch batch = b.build();
        assertThat(entries(batch)).isEqualTo(expected(items, streams));
        assertThat(entries(encoded.build())).isEqualTo(expected(items, streams));

        ByteWriter w = new ByteWriter(16);
        w.writeByte(0x7f); // the form must work at any offset of a record
        batch.writeTo(w);
        ByteReader r = new ByteReader(w.array(), 1, w.length());
        EntryBatch back = EntryBatch.readFrom(r);
        assertThat(r.hasRemaining()).isFalse();
        assertThat(entries(back)).isEqualTo(expected(items, streams));
        assertThat(back.lineBytes()).isEqualTo(batch.lineBytes());
        assertThat(back.metadataBytes()).isEqualTo(batch.metadataBytes());

        EntryBatch onlyA = batch.selectStreams(l -> "a".equals(l.get("app")));
        assertThat(entries(onlyA)).isEqualTo(expected(items, streams).stream()
                .filter(e -> "a".equals(e.labels().get("app"))).toList());
    }

    @Property(tries = 200)
    void truncatedBinaryFormIsRefusedNeverMisread(@ForAll("items") List<Item> items, @ForAll("cuts") int cut) {
        EntryBatch.Builder b = EntryBatch.builder();
        for (Item it : items) {
            b.stream(LabelSet.of("s", Integer.toString(it.stream()))).add(it.ts(), it.line(), 0, it.line().length);
        }
        ByteWriter w = new ByteWriter(16);
        b.build().writeTo(w);
        int end = Math.max(0, w.length() - 1 - cut % Math.max(1, w.length()));
        ByteReader r = new ByteReader(w.array(), 0, end);
        assertThatThrownBy(() -> EntryBatch.readFrom(r)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPairCountPast127GrowsItsVarint() {
        EntryBatch.Builder b = EntryBatch.builder().stream(LabelSet.of("a", "1"));
        b.add(1, "x");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            b.metadata("k" + i, "v" + i);
            pairs.add("k" + i);
            pairs.add("v" + i);
        }
        b.add(2, "y").metadata("stream", "stderr");
        EntryBatch batch = b.build();
        assertThat(batch.metadata(0)).containsExactlyElementsOf(pairs);
        assertThat(batch.metadata(1)).containsExactly("stream", "stderr");
        assertThat(StructuredMetadata.value(batch.metadataBuffer(), batch.metadataOffset(1), batch.metadataLength(1),
                "stream")).isEqualTo("stderr");
    }

    @Test
    void addingWithoutAStreamOrMetadataWithoutAnEntryIsAnError() {
        assertThatThrownBy(() -> EntryBatch.builder().add(1, "x")).hasMessageContaining("no stream started");
        assertThatThrownBy(() -> EntryBatch.builder().stream(LabelSet.EMPTY).metadata("a", "b"))
                .hasMessageContaining("no entry added yet");
    }

    @Test
    void theSameLabelsContinueAStreamAndAnEmptyStreamIsReplaced() {
        LabelSet a = LabelSet.of("app", "a");
        LabelSet b = LabelSet.of("app", "b");
        EntryBatch batch = EntryBatch.builder().stream(b).stream(a).add(1, "1").stream(a).add(2, "2").build();
        assertThat(batch.streamCount()).isEqualTo(1);
        assertThat(batch.labels(0)).isEqualTo(a);
        assertThat(batch.size()).isEqualTo(2);
    }

    private static List<LogEntry> entries(EntryBatch b) {
        List<LogEntry> out = new ArrayList<>();
        for (int s = 0; s < b.streamCount(); s++) {
            for (int i = b.streamStart(s); i < b.streamEnd(s); i++) {
                out.add(LogEntry.copyOf(b.labels(s), b.timestamp(i), b.lineBuffer(), b.lineOffset(i), b.lineLength(i),
                        b.metadata(i)));
            }
        }
        return out;
    }

    /** Entries grouped by stream run, as the builder keeps them: a run ends where the stream changes. */
    private static List<LogEntry> expected(List<Item> items, LabelSet[] streams) {
        List<LogEntry> out = new ArrayList<>();
        for (Item it : items) {
            out.add(new LogEntry(streams[it.stream()], it.ts(), it.line(), it.metadata()));
        }
        return out;
    }

    @Provide
    Arbitrary<List<Item>> items() {
        Arbitrary<byte[]> line = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
        Arbitrary<List<String>> md = text.list().ofMaxSize(3).flatMap(names -> text.list().ofSize(names.size())
                .map(values -> {
                    List<String> pairs = new ArrayList<>();
                    for (int i = 0; i < names.size(); i++) {
                        pairs.add(names.get(i));
                        pairs.add(values.get(i));
                    }
                    return pairs;
                }));
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.longs(), line, md)
                .as(Item::new).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 100_000);
    }

    @Test
    void linesAreKeptByteExactIncludingInvalidUtf8() {
        byte[] bad = {(byte) 0xff, 'a', (byte) 0xc3};
        EntryBatch batch = EntryBatch.builder().stream(LabelSet.of("a", "1")).add(5, bad, 0, 3).build();
        assertThat(Arrays.copyOfRange(batch.lineBuffer(), batch.lineOffset(0), batch.lineOffset(0) + 3)).isEqualTo(bad);
        assertThat(batch.line(0)).isEqualTo(new String(bad, StandardCharsets.UTF_8));
    }
}
