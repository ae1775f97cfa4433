package dev.clusterlog.cli;

import dev.clusterlog.agent.Agent;
import dev.clusterlog.agent.config.AgentConfig;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clusterlog agent [--config FILE] [--node-root DIR] [--server URL] [--state DIR]}: the node agent. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Ship every container log of this node (or the files a config names) to the server.",
                "Every configuration key, with its default: agent-reference.yaml in the agent jar."})
public final class AgentCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration.")
    Path config;

    @Option(names = "--node-root", paramLabel = "DIR", description = "The node's log root (sources of type kubernetes; default /var/log).")
    Path nodeRoot;

    @Option(names = "--server", paramLabel = "URL", description = "Push to this clusterlog server (output type http).")
    String server;

    @Option(names = "--state", paramLabel = "DIR", description = "Where checkpoints are kept.")
    Path state;

    /** Counted down to stop the agent (tests); a signal stops it otherwise. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile Agent running;

    @Override
    public Integer call() throws Exception {
        AgentConfig c;
        try {
            c = config == null ? AgentConfig.defaults() : AgentConfig.load(config);
        } catch (AgentConfig.ConfigException e) {
            throw new UserException(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UserException("--config: no such file " + config);
        }
        c = c.withOverrides(nodeRoot, server, state);
        Agent agent = new Agent(c);
        running = agent;
        Thread hook = new Thread(() -> {
            try {
                agent.close();
            } catch (IOException e) {
                LOG.error("error while stopping the agent", e);
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        Runtime.getRuntime().removeShutdownHook(hook);
        agent.close();
        return 0;
    }
}
