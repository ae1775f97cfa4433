package dev.clusterlog.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.checkpoint.CheckpointStore;
import dev.clusterlog.agent.checkpoint.SourceCheckpoint;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.output.DeliveryException;
import dev.clusterlog.agent.output.HttpPushOutput;
import dev.clusterlog.agent.output.Output;
import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across crashes: the agent is stopped like a SIGKILL ({@link Agent#halt()}) at
 * random points, often right after the real server stored a batch and before the agent could
 * checkpoint it, while the file grows, carries split (P/F) lines and rotates kubelet-style (rename,
 * older rotated files gzipped); each restart cuts its batches with other sizes and ages. At the
 * end the server's store has every line exactly once and never refused an overlapping range.
 */
class CrashExactlyOnceTest {
    @TempDir
    Path tmp;

    /** Pushes for real; armed, it stops the delivery thread after a stored batch until the crash. */
    static final class CrashingOutput implements Output {
        final HttpPushOutput delegate;
        final Random random;
        final double crashAfterSend;
        final CountDownLatch crashPoint = new CountDownLatch(1);

        CrashingOutput(HttpPushOutput delegate, Random random, double crashAfterSend) {
            this.delegate = delegate;
            this.random = random;
            this.crashAfterSend = crashAfterSend;
        }

        @Override
        public void send(Batch batch) throws DeliveryException {
            delegate.send(batch);
            if (random.nextDouble() < crashAfterSend) {
                crashPoint.countDown();
                try {
                    Thread.sleep(60_000); // the crash (halt) interrupts this: the acknowledgement never lands
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String name() {
            return "http";
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void everyLineOnceWhenTheAgentDiesAtRandomPoints() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path root = tmp.resolve("node");
        Path dir = root.resolve("pods/default_counter_uid-1/count");
        Files.createDirectories(dir);
        Path live = dir.resolve("0.log");
        int written = 0;
        int rotations = 0;
        int crashes = 0;
        int crashesAfterStore = 0;
        try (ClusterlogServer server = ClusterlogServer.start(
                ServerConfig.defaults(tmp.resolve("server")).withListen("127.0.0.1:0"), StoreConfig.defaults())) {
            for (int run = 0; run < 14; run++) {
                AgentConfig config = AgentConfig.parse("""
                        agent: {id: agent-1, node: node-a, state_dir: %s, poll_interval: %dms}
                        sources: [{name: pods, type: kubernetes, node_root: %s}]
                        output: {type: http, url: %s, batch_size: %d, batch_wait: %dms, retry_min: 10ms, retry_max: 100ms}
                        metrics: {listen: ""}
                        """.formatted(tmp.resolve("state"), 5 + random.nextInt(40), root, server.url(),
                        300 + random.nextInt(4000), 10 + random.nextInt(300)));
                CrashingOutput output = new CrashingOutput(new HttpPushOutput(URI.create(server.url()), "agent-1", "",
                        Duration.ofSeconds(10)), new Random(random.nextLong()), random.nextDouble() * 0.3);
                Agent agent = new Agent(config, output);
                int steps = 1 + random.nextInt(12);
                for (int step = 0; step < steps; step++) {
                    StringBuilder sb = new StringBuilder();
                    int lines = 1 + random.nextInt(60);
                    for (int k = 0; k < lines; k++, written++) {
                        String ts = Instant.now().toString();
                        String pad = "x".repeat(random.nextInt(80));
                        if (random.nextInt(10) == 0) {
                            sb.append(ts).append(" stdout P ").append(written).append(" split-").append('\n');
                            sb.append(ts).append(" stdout F ").append(pad).append('\n');
                        } else {
                            sb.append(ts).append(" stdout F ").append(written).append(' ').append(pad).append('\n');
                        }
                    }
                    Files.writeString(live, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (Files.size(live) > 6000 && random.nextInt(3) == 0) {
                        rotate(dir, live, rotations++);
                    }
                    Thread.sleep(random.nextInt(40));
                }
                // die at a random moment, or right after the server stored a batch the agent has not checkpointed
                boolean atStore = output.crashPoint.await(random.nextInt(400), TimeUnit.MILLISECONDS);
                agent.halt();
                crashes++;
                if (atStore) {
                    crashesAfterStore++;
                }
            }
            AgentConfig last = AgentConfig.parse("""
                    agent: {id: agent-1, node: node-a, state_dir: %s, poll_interval: 20ms}
                    sources: [{name: pods, type: kubernetes, node_root: %s}]
                    output: {type: http, url: %s, batch_size: 1KiB, batch_wait: 50ms, retry_min: 10ms, retry_max: 100ms}
                    metrics: {listen: ""}
                    """.formatted(tmp.resolve("state"), root, server.url()));
            int n = written;
            try (Agent agent = new Agent(last)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                StoreLines.Tally tally;
                do {
                    Thread.sleep(50);
                    tally = StoreLines.tally(StoreLines.counts(server.store(), "pod", "counter"), n);
                } while (tally.present() < n && System.nanoTime() < deadline);
            }
            StoreLines.Tally tally = StoreLines.tally(StoreLines.counts(server.store(), "pod", "counter"), n);
            System.out.printf("crash test (seed %d): %d lines, %d rotations, %d crashes (%d right after a stored batch), "
                    + "missing %d, repeated %d, duplicate batches %d, overlaps %d%n", seed, n, rotations, crashes,
                    crashesAfterStore, tally.missing().size(), tally.repeated().size(),
                    server.metrics().duplicateBatches.sum(), server.metrics().overlappingBatches.sum());
            assertThat(tally.missing()).as("missing lines (seed %d)", seed).isEmpty();
            assertThat(tally.repeated()).as("repeated lines (seed %d)", seed).isEmpty();
            assertThat(server.metrics().overlappingBatches.sum()).as("overlapping batches (seed %d)", seed).isZero();
            assertThat(crashesAfterStore).isPositive();
        }
    }

    @Test
    void anOverlapWithoutInFlightRecordIsReadAgainFromTheHighWaterMark() throws Exception {
        Path root = tmp.resolve("node");
        Path live = root.resolve("pods/default_counter_uid-1/count/0.log");
        Files.createDirectories(live.getParent());
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (; n < 300; n++) {
            sb.append(Instant.now()).append(" stdout F ").append(n).append(" first\n");
        }
        Files.writeString(live, sb);
        Path state = tmp.resolve("state");
        try (ClusterlogServer server = ClusterlogServer.start(
                ServerConfig.defaults(tmp.resolve("server")).withListen("127.0.0.1:0"), StoreConfig.defaults())) {
            String yaml = """
                    agent: {id: agent-1, node: node-a, state_dir: %s, poll_interval: 20ms}
                    sources: [{name: pods, type: kubernetes, node_root: %s}]
                    output: {type: http, url: %s, batch_size: %s, batch_wait: 50ms, retry_min: 10ms, retry_max: 100ms}
                    metrics: {listen: ""}
                    """;
            CrashingOutput output = new CrashingOutput(new HttpPushOutput(URI.create(server.url()), "agent-1", "",
                    Duration.ofSeconds(10)), new Random(1), 1.0);
            Agent first = new Agent(AgentConfig.parse(yaml.formatted(state, root, server.url(), "1KiB")), output);
            assertThat(output.crashPoint.await(20, TimeUnit.SECONDS)).isTrue();
            first.halt();
            // the in-flight record is lost (say, a checkpoint of an older agent): the restart cuts differently
            CheckpointStore store = new CheckpointStore(state.resolve("pods.checkpoint"));
            store.write(store.read().stream().map(c -> new SourceCheckpoint(c.id(), c.seq(), c.device(), c.inode(),
                    c.fingerprint(), c.path(), c.offset(), c.state())).toList());
            sb.setLength(0);
            for (; n < 400; n++) {
                sb.append(Instant.now()).append(" stdout F ").append(n).append(" second\n");
            }
            Files.writeString(live, sb, StandardOpenOption.APPEND);
            int total = n;
            try (Agent second = new Agent(AgentConfig.parse(yaml.formatted(state, root, server.url(), "1MiB")))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (StoreLines.tally(StoreLines.counts(server.store(), "pod", "counter"), total).present() < total
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(second.metrics().get("clusterlog_agent_overlaps_total", "output", "http")).isEqualTo(1);
            }
            StoreLines.Tally tally = StoreLines.tally(StoreLines.counts(server.store(), "pod", "counter"), total);
            assertThat(server.metrics().overlappingBatches.sum()).isEqualTo(1);
            assertThat(tally.missing()).isEmpty();
            assertThat(tally.repeated()).isEmpty();
        }
    }

    @Test
    void aPendingPieceFlushedWhenItsFileEndsIsStoredNotTakenForADuplicate() throws Exception {
        Path root = tmp.resolve("node");
        Path live = root.resolve("pods/default_counter_uid-1/count/0.log");
        Files.createDirectories(live.getParent());
        // a partial line whose final piece never comes: its bytes end in a batch cut while it is pending
        Files.writeString(live, Instant.now() + " stdout F 0 whole\n" + Instant.now() + " stdout P 1 piece\n");
        try (ClusterlogServer server = ClusterlogServer.start(
                ServerConfig.defaults(tmp.resolve("server")).withListen("127.0.0.1:0"), StoreConfig.defaults());
                Agent agent = new Agent(AgentConfig.parse("""
                        agent: {id: agent-1, node: node-a, state_dir: %s, poll_interval: 20ms}
                        sources: [{name: pods, type: kubernetes, node_root: %s}]
                        output: {type: http, url: %s, batch_wait: 20ms, retry_min: 10ms, retry_max: 100ms}
                        metrics: {listen: ""}
                        """.formatted(tmp.resolve("state"), root, server.url())))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (StoreLines.counts(server.store(), "pod", "counter").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Files.delete(live); // the source ends: the piece is flushed in a batch that covers no new bytes
            while (StoreLines.counts(server.store(), "pod", "counter").size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(StoreLines.counts(server.store(), "pod", "counter"))
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("0 whole", 1, "1 piece", 1));
            assertThat(server.metrics().duplicateBatches.sum()).isZero();
        }
    }

    /** kubelet: the live file is renamed with a timestamp suffix, the rotated file before it is gzipped. */
    private static void rotate(Path dir, Path live, int index) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("0.log.") && !name.endsWith(".gz")) {
                    Path tmp = dir.getParent().resolve(name + ".gz.tmp"); // outside the glob until complete
                    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
                        Files.copy(p, out);
                    }
                    Files.move(tmp, p.resolveSibling(name + ".gz"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.delete(p);
                }
            }
        }
        Files.move(live, dir.resolve("0.log.%s-%06d".formatted("20240501", index)));
    }
}
