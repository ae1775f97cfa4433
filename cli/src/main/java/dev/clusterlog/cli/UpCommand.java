package dev.clusterlog.cli;

import dev.clusterlog.agent.Agent;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.runtime.manifest.ManifestException;
import dev.clusterlog.runtime.manifest.PodManifest;
import dev.clusterlog.runtime.manifest.PodManifestParser;
import dev.clusterlog.runtime.pod.PodEvents;
import dev.clusterlog.runtime.pod.PodRunner;
import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clusterlog up}: the whole system on this machine in one process: the server (store and
 * APIs), the node agent shipping the node's container logs into it, and the node runtime, with
 * everything under one data folder ({@code server/}, {@code node/}, {@code agent/}). With
 * {@code --demo} it also runs the concept's example pods from the project's {@code examples/}.
 */
@Command(name = "up", description = "Run server, node agent and node runtime together on this machine.")
public final class UpCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

    /** The concept's example pods, as the project ships them in examples/. */
    static final List<String> DEMO_PODS = List.of("counter-pod.yaml", "two-files-counter-pod.yaml",
            "streaming-sidecar-pod.yaml", "agent-sidecar-pod.yaml");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--demo", description = "Also run the concept's example pods (examples/).")
    boolean demo;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "Data folder: server/ (the store), node/ (pod logs), agent/ (checkpoints) (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = ServerConfig.DEFAULT_LISTEN,
            description = "Where the server listens (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--examples", paramLabel = "DIR", hidden = true,
            description = "Where the demo manifests are (default: the project's examples/).")
    Path examples;

    /** Counted down once serving (tests); {@link #url} is then set. */
    final CountDownLatch started = new CountDownLatch(1);
    /** Counted down to stop (tests); SIGINT/SIGTERM stop it otherwise. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile String url;
    private boolean stopped;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path nodeRoot = data.resolve("node");
        List<PodManifest> pods = demo ? demoPods() : List.of();
        ClusterlogServer server;
        try {
            server = ClusterlogServer.start(ServerConfig.defaults(data.resolve("server")).withListen(listen),
                    StoreConfig.defaults());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Agent agent = new Agent(AgentConfig.defaults().withOverrides(nodeRoot, server.url(), data.resolve("agent")));
        List<PodRunner> runners = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (PodManifest pod : pods) {
            PodRunner runner = new PodRunner(pod, PodRunner.Options.defaults(nodeRoot, PodEvents.logged()));
            runners.add(runner);
            threads.add(Thread.ofVirtual().name("pod-" + pod.name()).start(() -> {
                try {
                    runner.run();
                } catch (IOException e) {
                    LOG.error("pod {}/{} stopped running: {}", pod.namespace(), pod.name(), e.getMessage());
                }
            }));
        }
        Runnable shutdown = () -> {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
            }
            runners.forEach(PodRunner::shutdown);
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeQuietly(agent, "the agent");
            closeQuietly(server, "the server");
        };
        Thread hook = new Thread(() -> {
            shutdown.run();
            stop.countDown();
        }, "clusterlog-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        url = server.url();
        printWelcome(err, url, nodeRoot);
        started.countDown();
        stop.await();
        shutdown.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already and has done the same
        }
        return Main.EXIT_OK;
    }

    private List<PodManifest> demoPods() {
        Path dir = examples != null ? examples : projectExamples();
        List<PodManifest> pods = new ArrayList<>();
        for (String name : DEMO_PODS) {
            Path f = dir.resolve(name);
            try {
                pods.add(new PodManifestParser().parse(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UserException(f + ": cannot read the demo manifest (" + e.getMessage() + "); run from the"
                        + " project folder or pass --examples DIR");
            } catch (ManifestException e) {
                throw new UserException(e.getMessage());
            }
        }
        return pods;
    }

    /** {@code $CLUSTERLOG_HOME/examples} (the launcher exports it), else {@code ./examples}. */
    private static Path projectExamples() {
        String home = System.getenv("CLUSTERLOG_HOME");
        return home == null ? Path.of("examples") : Path.of(home, "examples");
    }

    private void printWelcome(PrintWriter err, String url, Path nodeRoot) {
        log(err, "clusterlog is up: " + url + " (Loki API: point Grafana or logcli here)");
        log(err, "  data: " + data.toAbsolutePath().normalize() + "   node files: " + nodeRoot);
        if (demo) {
            log(err, "  try: clusterlog logs counter                       # 0: <date>, 1: <date>, ...");
            log(err, "       clusterlog pod kill counter -c count; clusterlog logs counter -p");
            log(err, "       clusterlog logs -n streaming counter -c count-log-1   # N: <date>");
            log(err, "       clusterlog logs -n streaming counter -c count-log-2   # <date> INFO N");
            log(err, "       clusterlog logs -n agent-sidecar counter-agent -c clusterlog-agent");
            log(err, "       clusterlog pod delete counter; clusterlog logs counter   # still there");
            log(err, "       clusterlog query 'sum by (namespace) (count_over_time({pod=~\".+\"}[1m]))'");
        } else {
            log(err, "  try: clusterlog pod run -f examples/counter-pod.yaml --node-root " + nodeRoot + "   (another terminal)");
            log(err, "       clusterlog logs counter");
        }
        log(err, "  Ctrl-C stops everything; the data stays in " + data);
    }

    private static void log(PrintWriter err, String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.error("error while stopping {}", what, e);
        }
    }
}
