package dev.clusterlog.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path tmp;

    @Property(tries = 50)
    void roundTrip(@ForAll @StringLength(max = 40) String id, @ForAll long offset, @ForAll byte[] state,
            @ForAll long[] inFlight) throws Exception {
        Path dir = Files.createTempDirectory("cp");
        CheckpointStore store = new CheckpointStore(dir.resolve("c"));
        SourceCheckpoint c = new SourceCheckpoint(id, 7, 1, 2, new byte[] {1, 2, 3}, "/x", offset, state, inFlight);
        store.write(List.of(c, new SourceCheckpoint("b", 8, 3, 4, new byte[0], "", 0, null)));
        List<SourceCheckpoint> back = store.read();
        assertThat(back).hasSize(2);
        assertThat(back.get(0).id()).isEqualTo(id);
        assertThat(back.get(0).offset()).isEqualTo(offset);
        assertThat(back.get(0).state()).isEqualTo(state);
        assertThat(back.get(0).inFlight()).isEqualTo(inFlight);
        assertThat(back.get(1).state()).isNull();
        assertThat(back.get(1).inFlight()).isEmpty();
        assertThat(Files.exists(dir.resolve("c.tmp"))).isFalse();
    }

    @Test
    void aVersionOneFileReadsWithoutInFlightEnds() throws Exception {
        // version 1: one entry, no in-flight list
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(CheckpointStore.MAGIC);
        out.writeInt(1);
        out.writeInt(1);
        out.writeUTF("id");
        out.writeLong(1);
        out.writeLong(2);
        out.writeLong(3);
        out.writeShort(1);
        out.write(9);
        out.writeUTF("/p");
        out.writeLong(42);
        out.writeInt(-1);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        Files.write(tmp.resolve("v1"), bytes.toByteArray());
        List<SourceCheckpoint> back = new CheckpointStore(tmp.resolve("v1")).read();
        assertThat(back).hasSize(1);
        assertThat(back.get(0).offset()).isEqualTo(42);
        assertThat(back.get(0).inFlight()).isEmpty();
    }

    @Test
    void everyFlippedByteIsDetected() throws Exception {
        CheckpointStore store = new CheckpointStore(tmp.resolve("c"));
        store.write(List.of(new SourceCheckpoint("id", 1, 1, 2, new byte[] {9}, "/p", 42, new byte[] {5})));
        byte[] good = Files.readAllBytes(tmp.resolve("c"));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x40;
            Files.write(tmp.resolve("c"), bad);
            assertThatThrownBy(store::read).isInstanceOf(CheckpointStore.CorruptCheckpointException.class)
                    .hasMessageContaining(tmp.resolve("c").toString());
        }
        Files.write(tmp.resolve("c"), new byte[] {1, 2});
        assertThatThrownBy(store::read).hasMessageContaining("expected at least 16");
    }

    @Test
    void missingFileIsEmpty() throws Exception {
        assertThat(new CheckpointStore(tmp.resolve("none")).read()).isEmpty();
    }
}
