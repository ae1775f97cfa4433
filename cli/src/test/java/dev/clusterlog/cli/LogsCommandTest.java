package dev.clusterlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.cri.CriLineWriter;
import dev.clusterlog.runtime.state.ContainerState;
import dev.clusterlog.runtime.state.PodState;
import dev.clusterlog.runtime.state.PodStateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code clusterlog logs} in node mode, against node files and state files written here. */
class LogsCommandTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private StringWriter stderr;
    private long time = 1_700_000_000_000_000_000L;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(stdout, true));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        stderr = new StringWriter();
        cl.setErr(new PrintWriter(stderr, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--node-root");
        all.add(root.toString());
        return cl.execute(all.toArray(String[]::new));
    }

    private String out() {
        return stdout.toString(UTF_8);
    }

    private PodState pod(String name, List<ContainerState> containers, Map<String, String> annotations) {
        return new PodState("default", name, "uid-" + name, Map.of("app", name), annotations, "Running", 1, 1, List.of(),
                containers);
    }

    private static ContainerState running(String name, int restart, ContainerState.Instance last) {
        return new ContainerState(name, ContainerState.RUNNING, null, restart, "id" + restart, 1L, null, 1L, null, last);
    }

    private static ContainerState terminated(String name, int restart) {
        return new ContainerState(name, ContainerState.TERMINATED, "Completed", restart, "id" + restart, null, 0, 1L, 2L,
                null);
    }

    private Path containerDir(PodState p, String c) throws IOException {
        return Files.createDirectories(root.resolve("pods").resolve(p.logDirectoryName()).resolve(c));
    }

    private void append(Path file, String... lines) throws IOException {
        try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String l : lines) {
                o.write(CriLineWriter.encodeRecord(time += 1_000_000, 0, LogStream.STDOUT, false, l.getBytes(UTF_8)));
            }
        }
    }

    @Test
    void defaultContainerNoticeAndFirstContainersLines() throws Exception {
        PodState p = pod("counter", List.of(terminated("count", 0), terminated("count-log-1", 0)), Map.of());
        new PodStateStore(root).write(p);
        append(containerDir(p, "count").resolve("0.log"), "0: a", "1: b");
        append(containerDir(p, "count-log-1").resolve("0.log"), "other");

        assertThat(run("logs", "counter")).isZero();
        assertThat(out()).isEqualTo("0: a\n1: b\n");
        assertThat(stderr.toString()).isEqualTo("Defaulted container \"count\" out of: count, count-log-1\n");
    }

    @Test
    void defaultContainerAnnotationWins() throws Exception {
        PodState p = pod("counter", List.of(terminated("count", 0), terminated("side", 0)),
                Map.of("kubectl.kubernetes.io/default-container", "side"));
        new PodStateStore(root).write(p);
        append(containerDir(p, "side").resolve("0.log"), "from side");
        assertThat(run("logs", "counter")).isZero();
        assertThat(out()).isEqualTo("from side\n");
        assertThat(stderr.toString()).isEmpty();
    }

    @Test
    void rotatedAndCompressedFilesAreReadOldestFirst() throws Exception {
        PodState p = pod("counter", List.of(terminated("count", 0)), Map.of());
        new PodStateStore(root).write(p);
        Path dir = containerDir(p, "count");
        Path oldest = dir.resolve("0.log.20240101-000001");
        append(oldest, "0", "1");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("0.log.20240101-000001.gz")))) {
            gz.write(Files.readAllBytes(oldest));
        }
        Files.delete(oldest);
        append(dir.resolve("0.log.20240101-000002"), "2", "3");
        append(dir.resolve("0.log"), "4");
        assertThat(run("logs", "counter")).isZero();
        assertThat(out()).isEqualTo("0\n1\n2\n3\n4\n");

        stdout.reset();
        assertThat(run("logs", "counter", "--tail", "3")).isZero();
        assertThat(out()).isEqualTo("2\n3\n4\n");

        stdout.reset();
        assertThat(run("logs", "counter", "--tail", "4", "--limit-bytes", "5")).isZero();
        assertThat(out()).isEqualTo("1\n2\n3");
    }

    @Test
    void previousInstance() throws Exception {
        PodState p = pod("counter", List.of(running("count", 1, new ContainerState.Instance(0, "id0", 137, "Error", 1L, 2L))),
                Map.of());
        new PodStateStore(root).write(p);
        append(containerDir(p, "count").resolve("0.log"), "old");
        append(containerDir(p, "count").resolve("1.log"), "new");
        assertThat(run("logs", "counter", "-p")).isZero();
        assertThat(out()).isEqualTo("old\n");
        stdout.reset();
        assertThat(run("logs", "counter", "--previous=false")).isZero();
        assertThat(out()).isEqualTo("new\n");
    }

    @Test
    void kubectlErrorTexts() throws Exception {
        PodState p = pod("counter", List.of(running("count", 0, null), terminated("side", 0)), Map.of());
        new PodStateStore(root).write(p);
        append(containerDir(p, "count").resolve("0.log"), "x");

        assertThat(run("logs", "counter", "-c", "nope")).isEqualTo(1);
        assertThat(stderr.toString()).isEqualTo("error: container nope is not valid for pod counter out of: count, side\n");
        assertThat(run("logs", "counter", "-c", "count", "-p")).isEqualTo(1);
        assertThat(stderr.toString())
                .isEqualTo("Error from server (BadRequest): previous terminated container \"count\" in pod \"counter\" not found\n");
        assertThat(run("logs", "missing")).isEqualTo(1);
        assertThat(stderr.toString())
                .isEqualTo("error from server (NotFound): pods \"missing\" not found in namespace \"default\"\n");
        assertThat(run("logs")).isEqualTo(2);
        assertThat(stderr.toString()).startsWith("error: " + LogsCommand.USAGE_ERROR);
        assertThat(run("logs", "counter", "--since", "5m", "--since-time", "2024-01-01T00:00:00Z")).isEqualTo(1);
        assertThat(stderr.toString()).contains("at most one of `sinceTime` or `sinceSeconds` may be specified");
        assertThat(run("logs", "counter", "--all-containers", "-c", "count")).isEqualTo(1);
        assertThat(stderr.toString()).contains("--all-containers=true should not be specified with container name count");
        assertThat(run("logs", "counter", "--tail", "-2")).isEqualTo(1);
        assertThat(stderr.toString()).contains("--tail must be greater than or equal to -1");
        assertThat(run("logs", "counter", "-l", "app=counter")).isEqualTo(1);
        assertThat(stderr.toString()).contains("only a selector (-l) or a POD name is allowed");
        assertThat(out()).isEmpty();
    }

    @Test
    void unparsableLineIsReportedWithLocationAndSkipped() throws Exception {
        PodState p = pod("counter", List.of(terminated("count", 0)), Map.of());
        new PodStateStore(root).write(p);
        Path live = containerDir(p, "count").resolve("0.log");
        append(live, "before");
        Files.writeString(live, "not a log line\n", StandardOpenOption.APPEND);
        append(live, "after");
        assertThat(run("logs", "counter")).isZero();
        assertThat(out()).isEqualTo("before\nafter\n");
        long offset = Files.readAllLines(live).get(0).length() + 1;
        assertThat(stderr.toString()).isEqualTo(live + ":2: byte " + offset + ": unexpected timestamp format \"not\": "
                + "expected a timestamp like 2006-01-02T15:04:05.999999999Z07:00\n");
    }

    @Test
    void selectorAllContainersAndPrefix() throws Exception {
        PodState a = pod("web", List.of(terminated("app", 0), terminated("side", 0)), Map.of());
        new PodStateStore(root).write(a);
        append(containerDir(a, "app").resolve("0.log"), "a1");
        append(containerDir(a, "side").resolve("0.log"), "s1");
        assertThat(run("logs", "-l", "app=web", "--all-containers", "--prefix")).isZero();
        assertThat(out()).isEqualTo("[pod/web/app] a1\n[pod/web/side] s1\n");
    }

    @Test
    void followContinuesAcrossRotationUntilTheContainerStops() throws Exception {
        PodStateStore store = new PodStateStore(root);
        PodState p = pod("counter", List.of(running("count", 0, null)), Map.of());
        store.write(p);
        Path dir = containerDir(p, "count");
        Path live = dir.resolve("0.log");
        append(live, "0", "1");
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower = Thread.ofPlatform().start(() -> exit.set(run("logs", "counter", "-f")));
        awaitOutput("0\n1\n");
        append(live, "2");
        Files.move(live, dir.resolve("0.log.20240101-000001"));
        append(live, "3", "4");
        awaitOutput("0\n1\n2\n3\n4\n");
        Files.move(live, dir.resolve("0.log.20240101-000002"));
        append(live, "5");
        store.write(pod("counter", List.of(terminated("count", 0)), Map.of()));
        follower.join(Duration.ofSeconds(20));
        assertThat(follower.isAlive()).as("follow ends when the container stopped").isFalse();
        assertThat(exit.get()).isZero();
        assertThat(out()).isEqualTo("0\n1\n2\n3\n4\n5\n");
    }

    private void awaitOutput(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!out().equals(expected) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(10);
        }
        assertThat(out()).isEqualTo(expected);
    }
}
