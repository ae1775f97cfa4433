package dev.clusterlog.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked, atomically replaced small file every format of ours uses. */
class ChecksummedFileTest {
    private static final FileFormat FORMAT = new FileFormat("test state", "CLTS", 2, 1);

    @TempDir
    Path dir;

    private static ByteWriter body(String text, long n) {
        ByteWriter w = new ByteWriter(16);
        w.writeString(text);
        w.writeLong(n);
        return w;
    }

    private static String parse(int version, ByteReader r) {
        return version + ":" + r.readString() + ":" + r.readLong();
    }

    @Test
    void writesAndReadsBack() throws IOException {
        Path f = dir.resolve("sub/state");
        ChecksummedFile.write(f, FORMAT, body("hello", 42));
        assertThat(ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse)).isEqualTo("2:hello:42");
        ChecksummedFile.write(f, FORMAT, body("again", 7));
        assertThat(ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse)).isEqualTo("2:again:7");
        assertThat(Files.list(f.getParent())).containsExactly(f);
        assertThat(Files.readAllBytes(f)).startsWith('C', 'L', 'T', 'S', 2, 0, 0, 0);
    }

    @Test
    void aMissingFileIsNull() throws IOException {
        assertThat(ChecksummedFile.read(dir.resolve("none"), FORMAT, ChecksummedFileTest::parse)).isNull();
    }

    @Test
    void everyFlippedByteIsFound() throws IOException {
        Path f = dir.resolve("state");
        ChecksummedFile.write(f, FORMAT, body("some text", 1234567));
        byte[] good = Files.readAllBytes(f);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            Files.write(f, bad);
            assertThatThrownBy(() -> ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse))
                    .as("flipped byte %d", i).isInstanceOf(CorruptFileException.class).hasMessageContaining(f.toString());
        }
    }

    @Test
    void truncationsAndForeignFilesAreNamed() throws IOException {
        Path f = dir.resolve("state");
        ChecksummedFile.write(f, FORMAT, body("x", 1));
        byte[] good = Files.readAllBytes(f);
        for (int n = 0; n < good.length; n++) {
            Files.write(f, java.util.Arrays.copyOf(good, n));
            assertThatThrownBy(() -> ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse))
                    .isInstanceOf(CorruptFileException.class);
        }
        Files.write(f, "just some text, not ours".getBytes());
        assertThatThrownBy(() -> ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse))
                .hasMessageContaining("not a test state: magic \"just\", expected \"CLTS\"");
    }

    @Test
    void versionsOutsideTheReadableRangeAreRefusedWithTheRange() throws IOException {
        Path f = dir.resolve("state");
        ChecksummedFile.write(f, new FileFormat("test state", "CLTS", 3, 3), body("x", 1));
        assertThatThrownBy(() -> ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse))
                .hasMessageContaining("test state version 3 is not readable, expected version 1 to 2");
        ChecksummedFile.write(f, new FileFormat("test state", "CLTS", 1, 1), body("old", 5));
        assertThat(ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse)).isEqualTo("1:old:5");
    }

    @Test
    void aBodyThatDoesNotParseToItsEndIsCorrupt() throws IOException {
        Path f = dir.resolve("state");
        ByteWriter b = body("x", 1);
        b.writeByte(9);
        ChecksummedFile.write(f, FORMAT, b);
        assertThatThrownBy(() -> ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse))
                .isInstanceOf(CorruptFileException.class).hasMessageContaining("1 bytes left after the last entry");
        assertThatThrownBy(() -> ChecksummedFile.read(f, FORMAT, (v, r) -> r.readString() + r.readString()))
                .isInstanceOf(CorruptFileException.class).hasMessageContaining("test state body");
    }

    @Test
    void anAbandonedWriterLeavesTheOldFile() throws IOException {
        Path f = dir.resolve("state");
        ChecksummedFile.write(f, FORMAT, body("old", 1));
        try (AtomicFileWriter w = AtomicFileWriter.open(f)) {
            w.write(new byte[] {1, 2, 3}, 0, 3);
        }
        assertThat(ChecksummedFile.read(f, FORMAT, ChecksummedFileTest::parse)).isEqualTo("2:old:1");
        assertThat(Files.exists(dir.resolve("state.tmp"))).isFalse();
    }

    @Test
    void treesAreDeletedWithoutFollowingLinks() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Path root = Files.createDirectories(dir.resolve("root/a/b"));
        Files.writeString(root.resolve("f"), "y");
        Files.createSymbolicLink(dir.resolve("root/link"), outside);
        FileTrees.deleteRecursively(dir.resolve("root"));
        assertThat(dir.resolve("root")).doesNotExist();
        assertThat(outside.resolve("keep")).exists();
        FileTrees.deleteRecursively(dir.resolve("root")); // missing: nothing to do
    }
}
