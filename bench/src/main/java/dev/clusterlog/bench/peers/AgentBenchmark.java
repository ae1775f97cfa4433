package dev.clusterlog.bench.peers;

import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.core.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Runs each {@link AgentUnderTest} over the same files into a fresh {@link TcpLineSink}: waits
 * until the sink holds every expected line, or until nothing has arrived for the idle timeout
 * (then the count mismatch is the result), reads the process's CPU and peak RSS, stops it.
 * Wall time runs from the start of the process to the last byte received, start-up included.
 */
public final class AgentBenchmark {
    private final Path corpus;
    private final CorpusManifest manifest;
    private final Path workRoot;
    private final long idleTimeoutNanos;

    public AgentBenchmark(Path corpus, CorpusManifest manifest, Path workRoot, double idleTimeoutSeconds) {
        this.corpus = corpus;
        this.manifest = manifest;
        this.workRoot = workRoot;
        this.idleTimeoutNanos = (long) (idleTimeoutSeconds * 1e9);
    }

    /**
     * The clusterlog agent (to the TCP sink, then to a clusterlog server), cat, rsyslog and
     * syslog-ng (from {@code syslogNgRoot}).
     */
    public static List<AgentUnderTest> defaultAgents(Path corpus, Path syslogNgRoot) {
        return List.of(new ClusterlogAgent(ClusterlogAgent.Target.TCP).corpus(corpus),
                new ClusterlogAgent(ClusterlogAgent.Target.SERVER).corpus(corpus), new CatAgent(), new RsyslogAgent(),
                new SyslogNgAgent(syslogNgRoot));
    }

    public List<AgentResult> runAll(List<AgentUnderTest> agents) throws IOException {
        List<AgentResult> results = new ArrayList<>();
        for (AgentUnderTest a : agents) {
            String reason = a.unavailableReason();
            results.add(reason != null ? AgentResult.skipped(a.name(), reason) : run(a));
        }
        return results;
    }

    public AgentResult run(AgentUnderTest agent) throws IOException {
        List<CorpusManifest.FileEntry> files = manifest.plainFiles();
        long expectedLines = agent.expectedLines(manifest);
        OptionalLong expectedCrc = agent.expectedLineCrcSum(manifest);
        long inputBytes = files.stream().mapToLong(CorpusManifest.FileEntry::bytes).sum();
        Path work = workRoot.resolve(agent.name());
        FileTrees.deleteRecursively(work);
        Files.createDirectories(work);
        List<Path> paths = files.stream().map(f -> corpus.resolve(f.path())).toList();
        try (TcpLineSink sink = new TcpLineSink()) {
            ForwardingTask task = new ForwardingTask(corpus.resolve("pods"), paths, sink.port(), work);
            long start = System.nanoTime();
            try (RunningAgent running = agent.start(task)) {
                long lastProgress = start;
                long lastLines = -1;
                while (delivered(running, sink) < expectedLines) {
                    long now = System.nanoTime();
                    long delivered = delivered(running, sink);
                    if (delivered != lastLines) {
                        lastLines = delivered;
                        lastProgress = now;
                    } else if (now - lastProgress > idleTimeoutNanos) {
                        break;
                    }
                    if (!running.isAlive() && !running.exitsWhenDone()) {
                        break;
                    }
                    sleepMillis(10);
                }
                long reached = System.nanoTime(); // within 10 ms of the last expected line being counted
                if (running.exitsWhenDone()) {
                    long deadline = System.nanoTime() + idleTimeoutNanos;
                    while (running.isAlive() && System.nanoTime() < deadline) {
                        sleepMillis(5);
                    }
                }
                ProcessUsage usage = running.usage();
                long end = running.deliveredLines().isPresent() ? reached
                        : sink.lastReceiveNanos() == 0 ? System.nanoTime() : sink.lastReceiveNanos();
                if (!running.isAlive() && !running.exitsWhenDone()) {
                    System.err.println(agent.name() + ": exited early; its output is in " + running.logFile());
                }
                return new AgentResult(agent.name(), null, (end - start) / 1e9, usage.cpuSeconds(),
                        usage.peakRssBytes(), inputBytes, expectedLines, delivered(running, sink), sink.bytes(),
                        expectedCrc.isPresent() && sink.lineCrcSum() == expectedCrc.getAsLong());
            }
        }
    }

    private static long delivered(RunningAgent running, TcpLineSink sink) {
        return running.deliveredLines().orElse(sink.lines());
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sink", e);
        }
    }
}
