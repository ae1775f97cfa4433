package dev.clusterlog.bench.peers;

import dev.clusterlog.bench.corpus.CorpusManifest;
import dev.clusterlog.core.format.ContainerLogFileReader;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The clusterlog agent ({@code agent} module) under the agent benchmark, in its own JVM started
 * by {@link ClusterlogAgentMain} with this JVM's {@code java} and class path, so {@code /proc}
 * measures it like the peers (start-up and JIT included). It tails the corpus's node root with
 * a {@code kubernetes} source and ships either
 * <ul>
 *   <li>{@link Target#TCP}: JSON lines (its {@code stdout}/{@code file} output format, one object
 *       per logical line) over one TCP connection to the harness's {@link TcpLineSink}, which
 *       counts them: the counterpart of the peers' forwarding; or</li>
 *   <li>{@link Target#SERVER}: its {@code http} output (Loki push JSON, gzip) to a
 *       {@link ClusterlogServer} the harness runs in its own JVM; delivered lines are the
 *       entries the server's store appended ({@code StoreMetrics.entriesAppended}).</li>
 * </ul>
 * The agent joins {@code P}/{@code F} pieces and never reads a {@code .gz} file it has not seen
 * uncompressed (kubelet's compressed rotations of a file it never tailed), so the expected count
 * is the logical lines that end in the uncompressed files: their records that are not partial.
 * It reframes lines as JSON, so there is no byte checksum ({@link #expectedLineCrcSum} empty).
 */
public final class ClusterlogAgent implements AgentUnderTest {
    /** Where the agent ships. */
    public enum Target { TCP, SERVER }

    private final Target target;

    public ClusterlogAgent(Target target) {
        this.target = target;
    }

    @Override
    public String name() {
        return target == Target.TCP ? "clusterlog" : "clusterlog-server";
    }

    @Override
    public String unavailableReason() {
        return ProcessHandle.current().info().command().isEmpty() ? "cannot find this JVM's java command" : null;
    }

    @Override
    public long expectedLines(CorpusManifest manifest) {
        return reachableLogicalLines(manifest);
    }

    @Override
    public OptionalLong expectedLineCrcSum(CorpusManifest manifest) {
        return OptionalLong.empty();
    }

    private Path corpus;

    /** Set by the harness before {@link #expectedLines}: where the manifest's relative paths start. */
    public ClusterlogAgent corpus(Path corpusDirectory) {
        this.corpus = corpusDirectory;
        return this;
    }

    /**
     * The logical lines that end in the corpus's uncompressed files (records read with core's
     * {@link ContainerLogFileReader} that are not {@code P} pieces); equals
     * {@code manifest.logicalLines()} when nothing was compressed.
     */
    long reachableLogicalLines(CorpusManifest manifest) {
        if (corpus == null) {
            throw new IllegalStateException("corpus directory not set");
        }
        long lines = 0;
        LogRecord record = new LogRecord();
        for (CorpusManifest.FileEntry f : manifest.plainFiles()) {
            try (ContainerLogFileReader r = ContainerLogFileReader.open(corpus.resolve(f.path()), (m, e) -> { })) {
                while (r.next(record)) {
                    if (!record.partial) {
                        lines++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** The command that starts the agent JVM (java of this JVM, this JVM's class path). */
    static List<String> command(Path nodeRoot, Path state, List<String> targetArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", absoluteClassPath(), ClusterlogAgentMain.class.getName(),
                "--node-root", nodeRoot.toString(), "--state", state.toString()));
        cmd.addAll(targetArgs);
        return cmd;
    }

    /** This JVM's class path with every entry absolute: the agent runs in its work directory. */
    static String absoluteClassPath() {
        StringBuilder b = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                b.append(b.isEmpty() ? "" : File.pathSeparator).append(Path.of(entry).toAbsolutePath());
            }
        }
        return b.toString();
    }

    @Override
    public RunningAgent start(ForwardingTask task) throws IOException {
        Path nodeRoot = task.podsDirectory().getParent();
        Path state = task.workDirectory().resolve("state");
        if (target == Target.TCP) {
            return new ProcessAgent(command(nodeRoot, state, List.of("--tcp", Integer.toString(task.sinkPort()))),
                    Map.of(), task.workDirectory(), name());
        }
        ClusterlogServer server = startServer(task.workDirectory().resolve("server"));
        ProcessAgent process;
        try {
            process = new ProcessAgent(command(nodeRoot, state, List.of("--server", server.url())), Map.of(),
                    task.workDirectory(), name());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new ServerBacked(process, server);
    }

    /** A server in this JVM on a random loopback port; retention long enough for the corpus's 2026 times. */
    public static ClusterlogServer startServer(Path dataDir) throws IOException {
        return ClusterlogServer.start(ServerConfig.defaults(dataDir).withListen("127.0.0.1:0"),
                StoreConfig.defaults().withRetention(Duration.ofDays(36500)));
    }

    /** The agent process, with the server it ships to: delivered lines are what its store appended. */
    private record ServerBacked(ProcessAgent process, ClusterlogServer server) implements RunningAgent {
        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public ProcessUsage usage() throws IOException {
            return process.usage();
        }

        @Override
        public Path logFile() {
            return process.logFile();
        }

        @Override
        public OptionalLong deliveredLines() {
            return OptionalLong.of(server.store().metrics().entriesAppended.sum());
        }

        @Override
        public void close() throws IOException {
            try {
                process.close();
            } finally {
                server.close();
            }
        }
    }
}
