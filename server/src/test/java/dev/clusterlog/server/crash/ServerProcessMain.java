package dev.clusterlog.server.crash;

import dev.clusterlog.server.ClusterlogServer;
import dev.clusterlog.server.ServerConfig;
import dev.clusterlog.store.StoreConfig;
import java.nio.file.Path;

/** A server in its own JVM for crash tests: prints {@code PORT <n>} when it serves, then runs until killed. */
public final class ServerProcessMain {
    private ServerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        ClusterlogServer server = ClusterlogServer.start(ServerConfig.defaults(Path.of(args[0])).withListen(args[1]),
                StoreConfig.defaults());
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
