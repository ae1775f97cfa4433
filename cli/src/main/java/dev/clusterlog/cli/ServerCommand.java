package dev.clusterlog.cli;

import dev.clusterlog.core.units.Durations;
import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clusterlog server}: the backend (store + HTTP APIs) in the foreground until SIGINT/SIGTERM. */
@Command(name = "server", description = "Run the log store and its HTTP APIs (Loki push and query, pod logs).")
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data/server",
            description = "the store's data folder (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = ServerConfig.DEFAULT_LISTEN,
            description = "address to serve on (default: ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--store.retention", paramLabel = "DURATION", defaultValue = "30d",
            description = "delete entries older than this, a day at a time (default: ${DEFAULT-VALUE})")
    String retention;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        StoreConfig storeConfig;
        try {
            config = ServerConfig.defaults(data).withListen(listen);
            config.listenAddress();
            storeConfig = StoreConfig.defaults().withRetention(Durations.parseSetting("--store.retention", retention))
                    .validate();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        ClusterlogServer server = ClusterlogServer.start(config, storeConfig);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                LOG.info("clusterlog server: stopping");
                server.close();
                LOG.info("clusterlog server: stopped");
            } catch (Exception e) {
                LOG.error("error while stopping the server", e);
            } finally {
                stopped.countDown();
            }
        }, "clusterlog-server-shutdown"));
        LOG.info("clusterlog server: listening on {}, data in {}", server.url(), data.toAbsolutePath().normalize());
        stopped.await();
        return Main.EXIT_OK;
    }
}
