package dev.clusterlog.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.core.io.CorruptFileException;
import dev.clusterlog.runtime.state.ContainerState.Instance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod state file: what is written reads back, nothing else reads as a state. */
class PodStateStoreTest {
    @TempDir
    Path root;

    private static PodState pod(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", name);
        labels.put("tier", "ünïcode ✓");
        ContainerState running = new ContainerState("count", ContainerState.RUNNING, null, 2, "id2", 4242L, null,
                1_700_000_000_000L, null, new Instance(1, "id1", 137, "Error", 1L, 2L));
        ContainerState waiting = new ContainerState("side", ContainerState.WAITING, "CrashLoopBackOff", 0, null, null,
                null, null, null, null);
        ContainerState init = new ContainerState("init", ContainerState.TERMINATED, "Completed", 0, "id0", null, 0,
                5L, 6L, null);
        return new PodState("default", name, "uid-" + name, labels, Map.of("kubectl.kubernetes.io/default-container",
                "count"), "Running", 31337, 1_700_000_000_000L, List.of(init), List.of(running, waiting));
    }

    @Test
    void writesAndReadsBackEveryFieldIncludingNulls() throws IOException {
        PodStateStore store = new PodStateStore(root);
        PodState p = pod("counter");
        store.write(p);
        assertThat(PodStateStore.read(store.fileOf(p))).isEqualTo(p);
        assertThat(Files.readAllBytes(store.fileOf(p))).startsWith('C', 'L', 'P', 'S', 2, 0, 0, 0);
        PodState ended = new PodState(p.namespace(), p.name(), p.uid(), Map.of(), Map.of(), "Succeeded", 0,
                p.createdAtMillis(), List.of(), List.of());
        store.write(ended);
        assertThat(store.list(e -> { throw new AssertionError(e); })).containsExactly(ended);
        assertThat(Files.list(store.directory())).containsExactly(store.fileOf(p));
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        PodStateStore store = new PodStateStore(root);
        assertThatThrownBy(() -> PodStateStore.read(store.fileOf(pod("gone")))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void corruptAndOldFilesAreReportedAndSkippedByList() throws IOException {
        PodStateStore store = new PodStateStore(root);
        PodState good = pod("good");
        PodState bad = pod("bad");
        store.write(good);
        store.write(bad);
        byte[] b = Files.readAllBytes(store.fileOf(bad));
        b[b.length / 2] ^= 0x01;
        Files.write(store.fileOf(bad), b);
        // a version 1 file: a text header, one line of JSON, a crc32c footer
        Path old = store.directory().resolve("default_old_uid-old.state");
        Files.writeString(old, "clusterlog-pod-state 1\n{}\ncrc32c 00000000\n", StandardCharsets.UTF_8);

        List<IOException> errors = new ArrayList<>();
        assertThat(store.list(errors::add)).containsExactly(good);
        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(CorruptFileException.class));
        assertThat(errors).anySatisfy(e -> assertThat(e).hasMessageContaining(store.fileOf(bad).toString())
                .hasMessageContaining("checksum mismatch"));
        assertThat(errors).anySatisfy(e -> assertThat(e).hasMessageContaining(old.toString())
                .hasMessageContaining("not a pod state file"));
    }
}
