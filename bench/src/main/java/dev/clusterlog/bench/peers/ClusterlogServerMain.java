package dev.clusterlog.bench.peers;

import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.LogStore;
import dev.clusterlog.store.StoreConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The clusterlog server as the store-over-HTTP benchmark starts it, in its own JVM (so {@code /proc}
 * measures the server alone, like OpenSearch's node): {@code ClusterlogServerMain --data DIR}.
 * Listens on a free loopback port and prints {@code port N} on stdout; default server settings except
 * the line limit (large enough that no corpus line is cut, as the in-process store keeps them), the
 * query limits (time, bytes scanned, entries returned: a 10 GiB corpus must be answerable) and the
 * retention (the corpus's times are in 2026-01). Then reads commands on stdin: {@code flush} seals
 * every head block and commits the index (what the in-process benchmark's {@code flush()} does) and
 * answers {@code flushed ENTRIES SEGMENT_BYTES INDEX_BYTES WAL_BYTES}; end of input closes the server.
 */
public final class ClusterlogServerMain {
    /** The largest {@code limit} a log query may ask for here (the default is 50,000). */
    static final int MAX_ENTRIES = 1_000_000;

    private ClusterlogServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--data")) {
            throw new IllegalArgumentException("usage: --data DIR");
        }
        ServerConfig d = ServerConfig.defaults(Path.of(args[1]));
        // no corpus line cut; queries may scan a 10 GiB corpus and return every substring match
        ServerConfig config = new ServerConfig("127.0.0.1:0", d.dataDir(), d.defaultTenant(), d.maxPushBytes(), 64 << 20,
                d.requestTimeout(), Duration.ofMinutes(10), Long.MAX_VALUE, MAX_ENTRIES);
        ClusterlogServer server = ClusterlogServer.start(config,
                StoreConfig.defaults().withRetention(Duration.ofDays(36500)));
        System.out.println("port " + server.port());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("flush")) {
                    LogStore store = server.store();
                    store.flush();
                    LogStore.DiskUsage u = store.diskUsage();
                    System.out.println("flushed " + store.metrics().entriesAppended.sum() + " " + u.segmentBytes() + " "
                            + u.indexBytes() + " " + u.walBytes());
                } else {
                    System.out.println("error: unknown command " + line + "; expected flush");
                }
                System.out.flush();
            }
        } finally {
            server.close();
        }
    }
}
