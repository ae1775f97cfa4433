package dev.clusterlog.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Server settings.
 *
 * @param listen host:port to serve on; port 0 picks a free port (tests)
 * @param dataDir the store's data folder
 * @param defaultTenant the tenant of requests without {@code X-Scope-OrgID}
 * @param maxPushBytes largest push body, after decompression
 * @param maxLineBytes longer lines are cut to this size and marked with structured metadata
 *     {@code truncated=<original length>}
 * @param requestTimeout how long a request may take before the server gives up on it (slow clients)
 * @param queryTimeout the wall time one query may take
 * @param maxQueryBytes decompressed bytes one query may scan
 * @param maxEntriesLimit the largest {@code limit} a log query may ask for
 */
public record ServerConfig(String listen, Path dataDir, String defaultTenant, long maxPushBytes, int maxLineBytes,
        Duration requestTimeout, Duration queryTimeout, long maxQueryBytes, int maxEntriesLimit) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:3100";

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(DEFAULT_LISTEN, dataDir, "default", 64L << 20, 256 * 1024, Duration.ofSeconds(30),
                Duration.ofMinutes(1), 8L << 30, 50_000);
    }

    public ServerConfig withListen(String hostPort) {
        return new ServerConfig(hostPort, dataDir, defaultTenant, maxPushBytes, maxLineBytes, requestTimeout,
                queryTimeout, maxQueryBytes, maxEntriesLimit);
    }

    public ServerConfig withMaxLineBytes(int n) {
        return new ServerConfig(listen, dataDir, defaultTenant, maxPushBytes, n, requestTimeout, queryTimeout,
                maxQueryBytes, maxEntriesLimit);
    }

    /** Parses {@code host:port} (or {@code :port}, or a bare port) with the key in the message when invalid. */
    public InetSocketAddress listenAddress() {
        String s = listen.trim();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : s.substring(0, colon);
        String port = colon < 0 ? s : s.substring(colon + 1);
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + listen + " for configuration server.listen: expected"
                    + " host:port like 127.0.0.1:3100");
        }
    }
}
