package dev.clusterlog.agent.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.checkpoint.CheckpointStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailerTest {
    @TempDir
    Path tmp;

    final List<String> pieces = new ArrayList<>();
    final List<long[]> acks = new ArrayList<>();

    FileTailer tailer(Path checkpoint, int maxLine) throws Exception {
        SourceHandler h = new SourceHandler() {
            @Override
            public void open(TailedSource source, byte[] restoredState) {
            }

            @Override
            public void lines(TailedSource source, byte[] buf, int off, int len, long startOffset) {
                pieces.add(new String(buf, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void close(TailedSource source) {
            }
        };
        FileTailer t = new FileTailer(new GlobDiscovery(List.of(tmp + "/logs/*.log*")), new CheckpointStore(checkpoint), h,
                new FileTailer.Options(maxLine, false, Long.MAX_VALUE / 4, 0), System::nanoTime);
        t.start();
        return t;
    }

    @Test
    void rotatedFilesSortOldestFirstInKubeletAndDockerNaming() {
        List<Path> kubelet = new ArrayList<>(List.of(Path.of("/d/0.log"), Path.of("/d/0.log.20240501-100010"),
                Path.of("/d/0.log.20240501-100000.gz")));
        kubelet.sort(FileTailer::rotationOrder);
        assertThat(kubelet).containsExactly(Path.of("/d/0.log.20240501-100000.gz"), Path.of("/d/0.log.20240501-100010"),
                Path.of("/d/0.log"));
        List<Path> docker = new ArrayList<>(List.of(Path.of("/d/x-json.log"), Path.of("/d/x-json.log.1"),
                Path.of("/d/x-json.log.10"), Path.of("/d/x-json.log.2")));
        docker.sort(FileTailer::rotationOrder);
        assertThat(docker).containsExactly(Path.of("/d/x-json.log.10"), Path.of("/d/x-json.log.2"), Path.of("/d/x-json.log.1"),
                Path.of("/d/x-json.log"));
    }

    @Test
    void aCorruptGzipIsCountedOnceAndDoesNotStopTheOthers() throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Files.write(tmp.resolve("logs/a.log.1.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3});
        Files.writeString(tmp.resolve("logs/b.log"), "open\n");
        FileTailer t = tailer(tmp.resolve("cp"), 1 << 20);
        t.poll();
        assertThat(String.join("", pieces)).isEqualTo("open\n");
        assertThat(t.readErrors.get()).isEqualTo(1);
        t.poll();
        assertThat(t.readErrors.get()).as("warned once, not every scan").isEqualTo(1);
        t.close();
    }

    @Test
    void aLineWithoutNewlineOverTheLimitIsHandedOnCutAndCounted() throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(tmp.resolve("logs/a.log"), "x".repeat(300_000) + "\nshort\n");
        FileTailer t = tailer(tmp.resolve("cp"), 100_000);
        t.poll();
        assertThat(String.join("", pieces)).isEqualTo("x".repeat(300_000) + "\nshort\n");
        assertThat(t.linesCut.get()).isGreaterThanOrEqualTo(2);
        t.close();
    }

    @Test
    void aCorruptCheckpointIsSetAsideAndReadingStartsOver() throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Files.writeString(tmp.resolve("logs/a.log"), "one\ntwo\n");
        Files.writeString(tmp.resolve("cp"), "garbage that is not a checkpoint");
        FileTailer t = tailer(tmp.resolve("cp"), 1 << 20);
        t.poll();
        assertThat(String.join("", pieces)).isEqualTo("one\ntwo\n");
        assertThat(tmp.resolve("cp.corrupt")).exists();
        t.close();
    }

    @Test
    void restartContinuesAtTheAcknowledgedOffsetNotTheReadOne() throws Exception {
        Files.createDirectories(tmp.resolve("logs"));
        Path f = tmp.resolve("logs/a.log");
        Files.writeString(f, "one\ntwo\n");
        FileTailer t = tailer(tmp.resolve("cp"), 1 << 20);
        t.poll();
        String id = t.status().getFirst().id();
        t.acknowledge(id, 4, null); // only "one\n" acknowledged
        t.writeCheckpoint();
        t.close();
        pieces.clear();
        Files.writeString(f, "three\n", StandardOpenOption.APPEND);
        FileTailer again = tailer(tmp.resolve("cp"), 1 << 20);
        again.poll();
        assertThat(String.join("", pieces)).isEqualTo("two\nthree\n");
        assertThat(again.status().getFirst().id()).isEqualTo(id);
        again.close();
    }
}
