package dev.clusterlog.agent.source.journald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.agent.Agent;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.output.PushReceiver;
import dev.clusterlog.agent.pipeline.Batch;
import dev.clusterlog.agent.pipeline.Pipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journald source against real journal files read by the real journalctl. */
class JournaldSourceTest {
    private static final long T0 = 1_764_000_000_000_000L; // µs

    @TempDir
    Path tmp;

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private AgentConfig config(String url, String journalctl) throws Exception {
        return AgentConfig.parse("""
                agent: {id: agent-1, node: node-a, state_dir: %s, poll_interval: 50ms}
                sources:
                  - {name: journal, type: journald, file: "%s/*.journal", journalctl: %s}
                  - {name: app, type: file, paths: ["%s/app.log"]}
                output: {type: http, url: %s, batch_wait: 100ms, retry_min: 20ms, retry_max: 200ms}
                metrics: {listen: ""}
                """.formatted(tmp.resolve("state"), tmp.resolve("journal"), journalctl, tmp, url));
    }

    @Test
    void shipsEntriesOnceFilteredByUnitAndRestartContinuesAfterTheCursor() throws Exception {
        JournalFiles.assumeTools();
        Path journal = tmp.resolve("journal/node.journal");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            entries.add(JournalFiles.entry("kubelet.service", "kubelet line " + i, T0 + i * 1000L));
            if (i % 4 == 0) {
                entries.add(JournalFiles.entry("sshd.service", "sshd line " + i, T0 + i * 1000L + 1));
            }
        }
        byte[] binary = {'b', 'i', 'n', 0, (byte) 0xff, 'm', 's', 'g'};
        entries.add(JournalFiles.entry("containerd.service", binary, T0 + 50_000L));
        JournalFiles.append(journal, entries);

        try (PushReceiver receiver = new PushReceiver()) {
            Agent agent = new Agent(config(receiver.url(), "journalctl"));
            await("41 entries", () -> receiver.lines().size() >= 41);
            agent.close();
            List<PushReceiver.Entry> got = receiver.snapshot();
            assertThat(got).hasSize(41);
            assertThat(got).noneMatch(e -> e.line().startsWith("sshd"));
            PushReceiver.Entry first = got.stream().filter(e -> e.line().equals("kubelet line 0")).findFirst().orElseThrow();
            assertThat(first.labels()).isEqualTo(Map.of("unit", "kubelet.service", "source", "journald", "node", "node-a"));
            assertThat(first.nanos()).isEqualTo(Long.toString(T0 * 1000));
            assertThat(first.metadata()).containsEntry("priority", "6").containsEntry("level", "info")
                    .containsEntry("syslog_identifier", "kubelet").containsEntry("pid", "4242")
                    .containsEntry("hostname", "node-a").containsEntry("boot_id", JournalFiles.BOOT);
            PushReceiver.Entry bin = got.stream().filter(e -> e.labels().get("unit").equals("containerd.service"))
                    .findFirst().orElseThrow();
            assertThat(bin.line()).isEqualTo("bin\u0000\ufffdmsg"); // 0xff is no UTF-8: U+FFFD in the JSON
            assertThat(receiver.headers).allSatisfy(h -> assertThat(h.get("source")).startsWith("agent-1/journald/"));
            assertThat(Files.exists(tmp.resolve("state/journal.journald"))).isTrue();

            List<Map<String, Object>> more = new ArrayList<>();
            for (int i = 40; i < 70; i++) { // more than ten: journalctl --follow after a cursor must not stop at --lines=10
                more.add(JournalFiles.entry("kubelet.service", "kubelet line " + i, T0 + 100_000L + i));
            }
            JournalFiles.append(journal, more);
            agent = new Agent(config(receiver.url(), "journalctl"));
            await("71 entries", () -> receiver.lines().size() >= 71);
            // the restart reads on after the cursor: a new entry proves it caught up, then nothing was repeated
            JournalFiles.append(journal, List.of(JournalFiles.entry("docker.service", "docker line", T0 + 200_000L)));
            await("72 entries", () -> receiver.lines().size() >= 72);
            agent.close();
            List<String> lines = receiver.lines();
            assertThat(lines).hasSize(72).doesNotHaveDuplicates();
            assertThat(receiver.duplicatesDropped.get()).isZero();
            for (int i = 0; i < 70; i++) {
                assertThat(lines).contains("kubelet line " + i);
            }
        }
    }

    @Test
    void afterACrashTheSameEntriesAreCutIntoTheSameRanges() throws Exception {
        JournalFiles.assumeTools();
        Path journal = tmp.resolve("journal/node.journal");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            entries.add(JournalFiles.entry(i % 2 == 0 ? "kubelet.service" : "containerd.service", "line " + i, T0 + i));
        }
        JournalFiles.append(journal, entries);
        AgentMetrics metrics = new AgentMetrics();
        JournaldSource.Options options = new JournaldSource.Options("journal", "journalctl", List.of(), null,
                tmp.resolve("journal") + "/*.journal", false, "node-a", Map.of(), 60, 50_000_000L, 1 << 20);
        JournaldCheckpoint checkpoint = new JournaldCheckpoint(tmp.resolve("state/journal.journald"));

        List<Batch> sent1 = new ArrayList<>();
        JournaldSource first = new JournaldSource(options, checkpoint, Pipeline.passThrough(metrics),
                b -> { synchronized (sent1) { sent1.add(b); } }, () -> true, System::nanoTime, metrics);
        first.start();
        await("60 entries read", () -> {
            first.flushAged();
            synchronized (sent1) {
                return sent1.stream().mapToInt(Batch::size).sum() == 60;
            }
        });
        // every batch reached the store, but only the first group's acknowledgement arrived before the crash
        Store store = new Store();
        List<Batch> batches1;
        synchronized (sent1) {
            batches1 = List.copyOf(sent1);
        }
        assertThat(batches1.stream().filter(b -> b.stateAfter != null).count()).as("groups").isGreaterThan(3);
        for (Batch b : batches1) {
            store.append(b);
        }
        for (Batch b : batches1) {
            first.acknowledged(b);
            if (b.stateAfter != null) {
                break;
            }
        }
        first.close(); // the crash: nothing more acknowledged or flushed
        assertThat(checkpoint.read().cursor()).isNotEmpty();
        assertThat(checkpoint.read().cuts()).isNotEmpty();

        List<Batch> sent2 = new ArrayList<>();
        JournaldSource second = new JournaldSource(options, checkpoint, Pipeline.passThrough(metrics),
                b -> { synchronized (sent2) { sent2.add(b); } }, () -> true, System::nanoTime, metrics);
        second.start();
        int expectedResent = batches1.stream().skip(batches1.stream().takeWhile(b -> b.stateAfter == null).count() + 1)
                .mapToInt(Batch::size).sum();
        await("the unacknowledged entries again", () -> {
            second.flushAged();
            synchronized (sent2) {
                return sent2.stream().mapToInt(Batch::size).sum() == expectedResent;
            }
        });
        second.close();
        synchronized (sent2) {
            for (Batch b : sent2) {
                store.append(b);
                second.acknowledged(b);
            }
        }
        assertThat(store.overlaps).isZero();
        assertThat(store.duplicates).isEqualTo(sent2.size());
        assertThat(store.lines).hasSize(60).doesNotHaveDuplicates();
        assertThat(checkpoint.read().cuts()).isEmpty();
    }

    /** The store's idempotency rule (DESIGN.md Delivery): a range at or below the high-water mark is a duplicate, one across it an overlap. */
    static final class Store {
        final Map<String, Long> marks = new HashMap<>();
        final List<String> lines = new ArrayList<>();
        int duplicates;
        int overlaps;

        void append(Batch b) {
            Long mark = marks.get(b.sourceId);
            if (mark != null && b.endOffset <= mark) {
                duplicates++;
                return;
            }
            if (mark != null && b.startOffset < mark) {
                overlaps++;
                return;
            }
            marks.put(b.sourceId, b.endOffset);
            for (int i = 0; i < b.size(); i++) {
                lines.add(b.line(i));
            }
        }
    }

    @Test
    void aMissingJournalctlIsCountedAndTheOtherSourcesGoOn() throws Exception {
        try (PushReceiver receiver = new PushReceiver()) {
            Files.writeString(tmp.resolve("app.log"), "hello from the app\n");
            Agent agent = new Agent(config(receiver.url(), tmp.resolve("no-such/journalctl").toString()));
            try {
                await("the file source's line", () -> receiver.lines().contains("hello from the app"));
                await("the missing journalctl counted",
                        () -> agent.metrics().get("clusterlog_agent_journalctl_missing_total", "source", "journal") == 1);
            } finally {
                agent.close();
            }
        }
    }
}
