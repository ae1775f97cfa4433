package dev.clusterlog.agent.bench;

import dev.clusterlog.agent.Agent;
import dev.clusterlog.agent.config.AgentConfig;
import dev.clusterlog.agent.output.PushReceiver;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Manual end-to-end check with the real node runtime: {@code receiver PORT OUT} runs a push
 * receiver that dedups by source range and rewrites OUT with every line it holds each second;
 * {@code agent CONFIG} runs the agent until killed (kill -9 it and start it again).
 */
public final class KillTestMains {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("agent")) {
            Agent agent = new Agent(AgentConfig.load(Path.of(args[1])));
            Thread.currentThread().join();
            agent.close();
            return;
        }
        try (PushReceiver r = new PushReceiver()) {
            Files.writeString(Path.of(args[1]), r.url());
            while (true) {
                Thread.sleep(1000);
                Files.write(Path.of(args[2]), r.lines());
            }
        }
    }

    private KillTestMains() {
    }
}
