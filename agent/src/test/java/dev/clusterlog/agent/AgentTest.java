package dev.clusterlog.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.output.PushReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent end to end: kubelet-layout files on disk, a real HTTP receiver that fails on demand. */
class AgentTest {
    @TempDir
    Path tmp;

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the agent has read every file it tails to its end; closing it then ships all it read.
     * What a test asserts after both is everything the agent will ever send for those files, so a
     * repeated or split line cannot arrive later.
     */
    static void awaitReadToEnd(Agent agent) throws InterruptedException {
        await("every file read to its end", () -> agent.metrics().render().lines()
                .filter(l -> l.startsWith("clusterlog_agent_bytes_behind{"))
                .allMatch(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) == 0));
    }

    private AgentConfig config(Path root, String url) throws Exception {
        return AgentConfig.parse("""
                agent: {id: agent-1, node: node-a, state_dir: %s, poll_interval: 50ms}
                sources: [{name: pods, type: kubernetes, node_root: %s}]
                output: {type: http, url: %s, batch_wait: 100ms, retry_min: 20ms, retry_max: 200ms}
                metrics: {listen: "127.0.0.1:0"}
                """.formatted(tmp.resolve("state"), root, url));
    }

    static String cri(int i, String stream, String tag, String content) {
        return "2024-05-01T10:00:%02d.%09dZ %s %s %s\n".formatted(i / 1_000_000 % 60, i % 1_000_000_000, stream, tag, content);
    }

    static void append(Path f, String s) throws IOException {
        Files.createDirectories(f.getParent());
        Files.writeString(f, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void shipsEveryLineOnceAcrossRotationOutageAndRestart() throws Exception {
        Path root = tmp.resolve("node");
        Path dir = root.resolve("pods/default_counter_uid-1/count");
        Path live = dir.resolve("0.log");
        try (PushReceiver receiver = new PushReceiver()) {
            Agent agent = new Agent(config(root, receiver.url()));
            int n = 0;
            StringBuilder sb = new StringBuilder();
            for (; n < 200; n++) {
                sb.append(cri(n, "stdout", "F", "line " + n));
            }
            append(live, sb.toString());
            await("first 200 lines", () -> receiver.lines().size() >= 200);

            // a partial line split P/F, a rename rotation with kubelet's gzip of the rotated file,
            // and an outage (503) with lines written meanwhile
            receiver.failWith = 503;
            append(live, cri(n, "stdout", "P", "line ") + cri(n, "stderr", "F", "err " + n) + cri(n, "stdout", "F", "" + n));
            n++;
            Files.move(live, dir.resolve("0.log.20240501-100000"));
            append(live, cri(n, "stdout", "F", "line " + n));
            n++;
            await("retries", () -> agent.metrics().get("clusterlog_agent_retries_total", "output", "http") >= 2);
            receiver.failWith = 0;
            await("lines after the outage", () -> receiver.lines().contains("line " + 201));
            Path rotated = dir.resolve("0.log.20240501-100000");
            Path tmpGz = dir.resolve("0.log.20240501-100000.tmp"); // as kubelet: .tmp, then renamed
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmpGz))) {
                Files.copy(rotated, out);
            }
            Files.move(tmpGz, dir.resolve("0.log.20240501-100000.gz"));
            Files.delete(rotated);

            // metrics answer
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("clusterlog_agent_shipped_lines_total{source=\"pods\"}")
                    .contains("clusterlog_agent_retries_total{output=\"http\"}").contains("clusterlog_agent_bytes_behind");
            agent.close();

            // written while the agent is down; a new container instance appears
            append(live, cri(n, "stdout", "F", "line " + n));
            n++;
            append(root.resolve("pods/default_counter_uid-1/count/1.log"), cri(n, "stdout", "F", "line " + n));
            n++;
            try (Agent again = new Agent(config(root, receiver.url()))) {
                int expected = n + 1; // + the stderr line
                await("all lines after the restart", () -> receiver.lines().size() >= expected);
                awaitReadToEnd(again);
            }
            List<String> want = new ArrayList<>(IntStream.range(0, 200).mapToObj(i -> "line " + i).toList());
            want.addAll(List.of("err 200", "line 200", "line 201", "line 202", "line 203"));
            assertThat(receiver.lines()).containsExactlyInAnyOrderElementsOf(want);
            // per stream in order
            List<String> stdout = receiver.snapshot().stream().filter(e -> "stdout".equals(e.metadata().get("stream")))
                    .map(PushReceiver.Entry::line).toList();
            assertThat(stdout).containsSubsequence("line 0", "line 199", "line 200", "line 201", "line 202", "line 203");
            PushReceiver.Entry e = receiver.snapshot().getFirst();
            assertThat(e.labels()).containsEntry("namespace", "default").containsEntry("pod", "counter")
                    .containsEntry("pod_uid", "uid-1").containsEntry("container", "count").containsEntry("restart", "0")
                    .containsEntry("node", "node-a");
            assertThat(receiver.headers).allSatisfy(h -> {
                assertThat(h.get("source")).startsWith("agent-1/");
                assertThat(h.get("range")).matches("\\d+-\\d+");
                assertThat(h.get("encoding")).isEqualTo("gzip");
            });
            assertThat(receiver.snapshot()).filteredOn(x -> x.line().equals("line 203"))
                    .singleElement().satisfies(x -> assertThat(x.labels()).containsEntry("restart", "1"));
        }
    }

    @Test
    void permanentRefusalDropsTheBatchCountsItAndGoesOn() throws Exception {
        Path root = tmp.resolve("node");
        Path live = root.resolve("pods/ns_p_u/c/0.log");
        try (PushReceiver receiver = new PushReceiver(); Agent agent = new Agent(config(root, receiver.url()))) {
            receiver.failWith = 400;
            receiver.failCount.set(1);
            append(live, cri(1, "stdout", "F", "refused"));
            await("the refusal counted", () -> agent.metrics().get("clusterlog_agent_dropped_lines_total", "reason", "rejected") == 1);
            append(live, cri(2, "stdout", "F", "accepted"));
            await("the next line", () -> receiver.lines().contains("accepted"));
            assertThat(receiver.lines()).containsExactly("accepted");
        }
    }

    @Test
    void newPodIsPickedUpWithinOneSecond() throws Exception {
        Path root = tmp.resolve("node");
        Files.createDirectories(root.resolve("pods"));
        try (PushReceiver receiver = new PushReceiver(); Agent agent = new Agent(config(root, receiver.url()))) {
            // a first pod's line coming back means the agent's first scan is over: the pod below is new to it
            append(root.resolve("pods/ns_first_u1/c/0.log"), cri(1, "stdout", "F", "first"));
            await("the first pod's line", () -> receiver.lines().contains("first"));
            long start = System.nanoTime();
            append(root.resolve("pods/ns_new_u2/c/0.log"), cri(1, "stdout", "F", "hello"));
            await("the new pod's line", () -> receiver.lines().contains("hello"));
            // by design: found by the watch or the 0.5 s scan, shipped after the 0.1 s batch wait; the
            // bound here leaves room for a loaded machine
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
        }
    }

    @Test
    void unparseableLinesAreShippedRawWithAnErrorLabel() throws Exception {
        Path root = tmp.resolve("node");
        Path live = root.resolve("pods/ns_p_u/c/0.log");
        try (PushReceiver receiver = new PushReceiver(); Agent agent = new Agent(config(root, receiver.url()))) {
            append(live, cri(1, "stdout", "F", "good") + "garbage without format\n");
            await("both lines", () -> receiver.lines().size() == 2);
            assertThat(receiver.snapshot()).filteredOn(x -> x.line().equals("garbage without format"))
                    .singleElement().satisfies(x -> assertThat(x.metadata()).containsEntry("error", "unparsed"));
            assertThat(agent.metrics().get("clusterlog_agent_unparsed_lines_total", "source", "pods")).isEqualTo(1);
        }
    }

    @Test
    void javaStackTracesBecomeOneEntryWithJsonFieldsAndMasking() throws Exception {
        Path root = tmp.resolve("node");
        Path live = root.resolve("pods/ns_p_u/c/0.log");
        AgentConfig c = AgentConfig.parse("""
                agent: {id: a, node: n, state_dir: %s, poll_interval: 50ms}
                sources: [{name: pods, type: kubernetes, node_root: %s, multiline: java, parser: logfmt}]
                pipeline: {mask: [{pattern: "password=\\\\S+", replacement: "password=****"}], drop: ["^debug"]}
                output: {type: http, url: "http://placeholder", batch_wait: 100ms}
                metrics: {listen: ""}
                """.formatted(tmp.resolve("state"), root));
        try (PushReceiver receiver = new PushReceiver();
                Agent agent = new Agent(c.withOverrides(null, receiver.url(), null))) {
            append(live, cri(1, "stderr", "F", "java.lang.IllegalStateException: boom")
                    + cri(2, "stderr", "F", "\tat a.B.c(B.java:1)")
                    + cri(3, "stdout", "F", "debug noise")
                    + cri(4, "stdout", "F", "level=info user=x password=secret"));
            await("two entries", () -> receiver.lines().size() >= 2);
            awaitReadToEnd(agent);
            agent.close(); // flushes what it read: a wrongly kept or split line is in the receiver now
            assertThat(receiver.lines()).containsExactlyInAnyOrder("java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)",
                    "level=info user=x password=****");
            assertThat(receiver.snapshot()).filteredOn(x -> x.line().startsWith("level"))
                    .singleElement().satisfies(x -> assertThat(x.metadata()).containsEntry("level", "info")
                            .containsEntry("user", "x").containsEntry("stream", "stdout"));
            assertThat(agent.metrics().get("clusterlog_agent_dropped_lines_total", "reason", "dropped_by_pattern")).isEqualTo(1);
        }
    }

    @Test
    void aRestartBetweenTheFragmentsOfALineJoinsItOnceFromTheCheckpointedState() throws Exception {
        Path root = tmp.resolve("node");
        Path live = root.resolve("pods/ns_p_u/c/0.log");
        try (PushReceiver receiver = new PushReceiver()) {
            try (Agent agent = new Agent(config(root, receiver.url()))) {
                append(live, cri(1, "stdout", "P", "first half, ") + cri(2, "stderr", "F", "between"));
                await("the stderr line", () -> receiver.lines().contains("between"));
            }
            // the stopped agent checkpointed the offset after both records and the pending piece
            append(live, cri(3, "stdout", "F", "second half"));
            try (Agent again = new Agent(config(root, receiver.url()))) {
                await("the joined line", () -> receiver.lines().size() >= 2);
                awaitReadToEnd(again);
            }
            assertThat(receiver.lines()).containsExactly("between", "first half, second half");
        }
    }

    @Test
    void dockerJsonFilesWithNamesFromTheContainerConfigAndNumberedRotationOldestFirst() throws Exception {
        String id = "abc123";
        Path dir = tmp.resolve("docker/" + id);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.v2.json"), """
                {"Name":"/web","Config":{"Image":"nginx:1.27","Labels":{"io.kubernetes.pod.name":"web-0",
                 "io.kubernetes.pod.namespace":"shop"}}}""");
        String rec = "{\"log\":\"%s\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00.%09dZ\"}\n";
        Files.writeString(dir.resolve(id + "-json.log.2"), rec.formatted("one\\n", 1));
        Files.writeString(dir.resolve(id + "-json.log.1"), rec.formatted("two\\n", 2));
        Files.writeString(dir.resolve(id + "-json.log"), rec.formatted("thr", 3) + rec.formatted("ee\\n", 4));
        AgentConfig c = AgentConfig.parse("""
                agent: {id: a, node: n, state_dir: %s, poll_interval: 50ms}
                sources: [{name: docker, type: docker, node_root: %s}]
                output: {type: http, url: "http://placeholder", batch_wait: 100ms}
                metrics: {listen: ""}
                """.formatted(tmp.resolve("state"), tmp.resolve("docker")));
        try (PushReceiver receiver = new PushReceiver();
                Agent agent = new Agent(c.withOverrides(null, receiver.url(), null))) {
            await("three lines", () -> receiver.lines().size() >= 3);
            assertThat(receiver.lines()).containsExactly("one", "two", "three");
            assertThat(receiver.snapshot().getFirst().labels()).containsEntry("container_id", id)
                    .containsEntry("container_name", "web").containsEntry("image", "nginx:1.27")
                    .containsEntry("pod", "web-0").containsEntry("namespace", "shop").containsEntry("node", "n");
        }
    }

    @Test
    void withTheDiskBufferAnOutageOutlivesTheFilesAndARestart() throws Exception {
        Path root = tmp.resolve("node");
        Path dir = root.resolve("pods/ns_p_u/c");
        AgentConfig c = AgentConfig.parse("""
                agent: {id: a, node: n, state_dir: %s, poll_interval: 50ms}
                sources: [{name: pods, type: kubernetes, node_root: %s}]
                output: {type: http, url: "http://placeholder", batch_wait: 50ms, retry_min: 20ms, retry_max: 100ms, buffer: disk}
                metrics: {listen: ""}
                """.formatted(tmp.resolve("state"), root));
        try (PushReceiver receiver = new PushReceiver()) {
            receiver.failWith = 503;
            try (Agent agent = new Agent(c.withOverrides(null, receiver.url(), null))) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    sb.append(cri(i, "stdout", "F", "line " + i));
                }
                append(dir.resolve("0.log"), sb.toString());
                await("lines in the buffer", () -> Files.exists(tmp.resolve("state/pods.checkpoint"))
                        && agent.metrics().get("clusterlog_agent_retries_total", "output", "http") > 0
                        && agent.metrics().render().contains("clusterlog_agent_buffer_bytes"));
                awaitReadToEnd(agent); // all 50 lines read: closing puts what is not yet buffered in the buffer
            }
            // kubelet rotated the files away while the backend was down
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            receiver.failWith = 0;
            try (Agent again = new Agent(c.withOverrides(null, receiver.url(), null))) {
                await("every buffered line", () -> receiver.lines().size() >= 50);
                awaitReadToEnd(again);
            }
            assertThat(receiver.lines()).containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "line " + i).toList());
        }
    }

    @Test
    void klogFilesAreStampedWithTheirHeaderTimeAndCarrySeverityAndSource() throws Exception {
        Path log = tmp.resolve("kube-apiserver.log");
        Files.writeString(log, "E0501 10:00:00.123456    1234 server.go:42] failed to sync\n");
        AgentConfig c = AgentConfig.parse("""
                agent: {id: a, node: n, state_dir: %s, poll_interval: 50ms}
                sources: [{name: control-plane, type: klog, paths: [%s]}]
                output: {type: http, url: "http://placeholder", batch_wait: 50ms}
                metrics: {listen: ""}
                """.formatted(tmp.resolve("state"), log));
        try (PushReceiver receiver = new PushReceiver();
                Agent agent = new Agent(c.withOverrides(null, receiver.url(), null))) {
            await("the klog line", () -> receiver.lines().size() == 1);
            PushReceiver.Entry e = receiver.snapshot().getFirst();
            assertThat(e.metadata()).containsEntry("severity", "error").containsEntry("source", "server.go:42")
                    .containsEntry("thread", "1234");
            java.time.ZonedDateTime t = java.time.Instant.ofEpochSecond(0, Long.parseLong(e.nanos()))
                    .atZone(java.time.ZoneOffset.UTC);
            assertThat(t.getMonthValue()).isEqualTo(5);
            assertThat(t.getDayOfMonth()).isEqualTo(1);
            assertThat(t.getHour()).isEqualTo(10);
            assertThat(t.getNano()).isEqualTo(123_456_000);
            assertThat(e.labels()).containsEntry("filename", log.toString()).containsEntry("node", "n");
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
