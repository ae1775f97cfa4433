package dev.clusterlog.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.bench.KillTestMains;
import dev.clusterlog.runtime.log.RotationPolicy;
import dev.clusterlog.runtime.manifest.PodManifestParser;
import dev.clusterlog.runtime.pod.PodRunner;
import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's scenario end to end: a real pod (the node runtime's {@link PodRunner}) runs a counter
 * with kubelet rotation at a tiny max size; the agent runs as its own JVM and is SIGKILLed and
 * restarted several times, each time with other batch sizes and ages; the real server is stopped
 * for a while in the middle. Every number the container wrote ends up in the store exactly once.
 */
class PodKillExactlyOnceTest {
    @TempDir
    Path tmp;

    @Test
    void everyNumberOnceThroughKillsAndAServerOutage() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path root = tmp.resolve("node");
        Files.createDirectories(root.resolve("pods"));
        Path serverDir = tmp.resolve("server");
        ClusterlogServer server = ClusterlogServer.start(ServerConfig.defaults(serverDir).withListen("127.0.0.1:0"),
                StoreConfig.defaults());
        int port = server.port();
        int kills = 0;
        Process agent = startAgent(root, server.url(), random, 0);
        PodRunner pod = new PodRunner(new PodManifestParser().parse("counter.yaml", """
                kind: Pod
                metadata: {name: counter}
                spec:
                  restartPolicy: Never
                  containers: [{name: count, command: [/bin/sh, -c, 'i=0; while true; do echo "$i: x"; i=$((i+1)); sleep 0.02; done']}]
                """), new PodRunner.Options(root, new RotationPolicy(4096, 60, Duration.ofMillis(100)),
                Duration.ofMillis(100), Duration.ofMillis(100), Clock.systemDefaultZone(), e -> { }));
        Thread podThread = Thread.ofPlatform().daemon().start(() -> {
            try {
                pod.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            for (int round = 0; round < 8; round++) {
                Thread.sleep(1000 + random.nextInt(2000));
                if (round == 3) {
                    server.close(); // the outage: the agent retries; kills go on meanwhile
                    server = null;
                }
                agent.destroyForcibly().waitFor();
                kills++;
                agent = startAgent(root, "http://127.0.0.1:" + port, random, kills);
                if (round == 4) {
                    server = ClusterlogServer.start(ServerConfig.defaults(serverDir).withListen("127.0.0.1:" + port),
                            StoreConfig.defaults());
                }
            }
            Thread.sleep(1000);
            pod.shutdown();
            podThread.join(20_000);
            List<Long> written = numbers(root.resolve("pods"));
            int n = written.size();
            for (int i = 0; i < n; i++) {
                assertThat(written.get(i)).as("the node files hold every number written (none rotated away)").isEqualTo(i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            StoreLines.Tally tally;
            do {
                Thread.sleep(100);
                tally = StoreLines.tally(StoreLines.counts(server.store(), "pod", "counter"), n);
            } while (tally.present() < n && System.nanoTime() < deadline);
            System.out.printf("pod kill test (seed %d): %d lines, %d agent kills, 1 server outage, missing %d, repeated %d,"
                    + " duplicate batches %d, overlaps %d%n", seed, n, kills, tally.missing().size(),
                    tally.repeated().size(), server.metrics().duplicateBatches.sum(),
                    server.metrics().overlappingBatches.sum());
            if (!tally.missing().isEmpty() || !tally.repeated().isEmpty()) {
                System.out.println("missing: " + tally.missing());
                try (var files = Files.walk(root.resolve("pods"))) {
                    files.forEach(f -> System.out.println("file: " + f));
                }
                for (String l : Files.readAllLines(tmp.resolve("agent.log"))) {
                    System.out.println("agent: " + l);
                }
            }
            assertThat(n).isGreaterThan(100);
            assertThat(tally.missing()).as("missing (seed %d)", seed).isEmpty();
            assertThat(tally.repeated()).as("repeated (seed %d)", seed).isEmpty();
            assertThat(StoreLines.counts(server.store(), "pod", "counter")).hasSize(n);
        } finally {
            agent.destroyForcibly().waitFor();
            pod.shutdown();
            if (server != null) {
                server.close();
            }
        }
    }

    private Process startAgent(Path root, String url, Random random, int run) throws Exception {
        Path config = tmp.resolve("agent-" + run + ".yaml");
        Files.writeString(config, """
                agent: {id: node-agent, node: node-a, state_dir: %s, poll_interval: 50ms}
                sources: [{name: pods, type: kubernetes, node_root: %s}]
                output: {type: http, url: %s, batch_size: %d, batch_wait: %dms, retry_min: 20ms, retry_max: 300ms}
                metrics: {listen: ""}
                """.formatted(tmp.resolve("state"), root, url, 200 + random.nextInt(3000), 20 + random.nextInt(400)));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", cp,
                KillTestMains.class.getName(), "agent", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("agent.log").toFile()))
                .start();
    }

    /** The numbers in every container log file under the node's pods folder, sorted. */
    private static List<Long> numbers(Path pods) throws Exception {
        List<Long> out = new ArrayList<>();
        try (var files = Files.walk(pods)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains(".log")).toList()) {
                byte[] bytes;
                try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
                        : Files.newInputStream(f)) {
                    bytes = in.readAllBytes();
                }
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                    int colon = line.lastIndexOf(':');
                    String[] parts = line.split(" ", 4);
                    if (parts.length == 4 && colon > 0 && parts[3].endsWith(": x")) {
                        out.add(Long.parseLong(parts[3].substring(0, parts[3].length() - 3)));
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }
}
