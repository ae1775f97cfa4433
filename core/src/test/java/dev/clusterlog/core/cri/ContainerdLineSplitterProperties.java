package dev.clusterlog.core.cri;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link ContainerdLineSplitter} against containerd's rules: reassembly gives the input back,
 * pieces have the sizes containerd writes, and how the input was chunked does not matter.
 */
class ContainerdLineSplitterProperties {

    record Piece(boolean partial, byte[] content) {
    }

    @Property(tries = 2000)
    void reassemblesTheInputWithExactPieceSizesWhateverTheChunking(
            @ForAll("streams") byte[] input,
            @ForAll("maxLengths") int maxLength,
            @ForAll("chunkSizes") List<Integer> chunkSizes) throws IOException {
        List<Piece> chunked = split(input, maxLength, chunkSizes);

        // reassembly: P pieces concatenated up to their F, which ends the line with \n
        ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        for (Piece piece : chunked) {
            reassembled.write(piece.content());
            if (!piece.partial()) {
                reassembled.write('\n');
            }
        }
        assertThat(reassembled.toByteArray()).isEqualTo(withoutCarriageReturnBeforeNewline(input));

        boolean endsUnterminated = input.length > 0 && input[input.length - 1] != '\n';
        for (int i = 0; i < chunked.size(); i++) {
            Piece piece = chunked.get(i);
            boolean last = i == chunked.size() - 1;
            if (piece.partial() && !(last && endsUnterminated)) {
                assertThat(maxLength).as("P pieces only when splitting is on").isPositive();
                assertThat(piece.content()).as("P piece %d", i).hasSize(maxLength);
            } else if (piece.partial()) {
                assertThat(piece.content().length).isBetween(1, maxLength > 0 ? maxLength : Integer.MAX_VALUE);
            } else if (maxLength > 0) {
                assertThat(piece.content().length).as("F piece %d", i).isLessThanOrEqualTo(maxLength);
            }
        }

        List<Piece> whole = split(input, maxLength, List.of(Math.max(1, input.length)));
        assertThat(chunked).usingRecursiveFieldByFieldElementComparator().isEqualTo(whole);
    }

    private static List<Piece> split(byte[] input, int maxLength, List<Integer> chunkSizes) throws IOException {
        List<Piece> pieces = new ArrayList<>();
        ContainerdLineSplitter splitter = new ContainerdLineSplitter(maxLength,
                (partial, content, off, len) -> pieces.add(new Piece(partial, java.util.Arrays.copyOfRange(content, off, off + len))));
        int p = 0;
        for (int i = 0; p < input.length; i++) {
            int n = Math.min(chunkSizes.get(i % chunkSizes.size()), input.length - p);
            splitter.feed(input, p, n);
            p += n;
        }
        splitter.finish();
        return pieces;
    }

    /** The input as containerd's ReadLine delivers it: one {@code \r} before each {@code \n} dropped. */
    private static byte[] withoutCarriageReturnBeforeNewline(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\r' && i + 1 < input.length && input[i + 1] == '\n') {
                continue;
            }
            out.write(input[i]);
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<Byte> separators = Arbitraries.of((byte) '\n', (byte) '\r');
        return Arbitraries.frequencyOf(Tuple.of(1, separators), Tuple.of(3, Arbitraries.bytes()))
                .list().ofMaxSize(400)
                .map(list -> {
                    byte[] b = new byte[list.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = list.get(i);
                    }
                    return b;
                });
    }

    @Provide
    Arbitrary<Integer> maxLengths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 64),
                Arbitraries.of(ContainerdLineSplitter.CONTAINERD_MAX_LINE_SIZE, 0, -1));
    }

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 70).list().ofMinSize(1).ofMaxSize(8);
    }
}
