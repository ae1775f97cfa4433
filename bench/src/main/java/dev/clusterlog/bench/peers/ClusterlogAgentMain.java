package dev.clusterlog.bench.peers;

import dev.clusterlog.agent.Agent;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.output.JsonLinesOutput;
import java.io.BufferedOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The clusterlog agent as the benchmark starts it, in its own JVM (so {@code /proc} measures it
 * like the peers): {@code ClusterlogAgentMain --node-root DIR --state DIR (--tcp PORT | --server URL)}.
 * One {@code kubernetes} source on the node root, read from the beginning, no metrics listener.
 * {@code --tcp}: the agent's JSON-lines output ({@link JsonLinesOutput}, one object per logical
 * line) written to a TCP connection to the harness's sink, the agent's counterpart of the peers'
 * TCP forwarding. {@code --server}: the agent's {@code http} output (Loki push, gzip) to a
 * clusterlog server. Runs until killed (SIGTERM closes the agent).
 */
public final class ClusterlogAgentMain {
    private ClusterlogAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path nodeRoot = null;
        Path state = null;
        Integer tcpPort = null;
        String server = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--node-root" -> nodeRoot = Path.of(args[i + 1]);
                case "--state" -> state = Path.of(args[i + 1]);
                case "--tcp" -> tcpPort = Integer.parseInt(args[i + 1]);
                case "--server" -> server = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --node-root, --state, --tcp, --server");
            }
        }
        if (nodeRoot == null || state == null || (tcpPort == null) == (server == null)) {
            throw new IllegalArgumentException("usage: --node-root DIR --state DIR (--tcp PORT | --server URL)");
        }
        AgentConfig config = AgentConfig.parse(String.join("\n",
                "sources:",
                "  - name: kubernetes",
                "    type: kubernetes",
                "    read_from: beginning",
                "metrics:",
                "  listen: \"\"",
                "")).withOverrides(nodeRoot, server, state);
        Agent agent;
        if (tcpPort != null) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcpPort);
            agent = new Agent(config, JsonLinesOutput.to(new BufferedOutputStream(socket.getOutputStream(), 1 << 16)));
        } else {
            agent = new Agent(config);
        }
        CountDownLatch never = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.close();
            } catch (Exception e) {
                System.err.println("clusterlog agent: closing: " + e);
            }
        }));
        never.await();
    }
}
