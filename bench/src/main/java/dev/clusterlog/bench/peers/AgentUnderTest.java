package dev.clusterlog.bench.peers;

import java.io.IOException;

/**
 * A log shipper measured by the agent benchmark: it tails the corpus's files and forwards their
 * lines to the harness's {@link TcpLineSink}. Implementations now: {@link CatAgent} (the read
 * limit), {@link RsyslogAgent}, {@link SyslogNgAgent}. The clusterlog agent plugs in as one more
 * implementation that starts its own process (so CPU and RSS are measured the same way, from
 * {@code /proc}) and is added to {@link AgentBenchmark#defaultAgents}.
 */
public interface AgentUnderTest {
    /** The name in the table, e.g. {@code rsyslog}. */
    String name();

    /** Null when the system can run here, else why not (e.g. {@code rsyslogd not found}). */
    String unavailableReason();

    /** Starts forwarding; the returned handle is closed by the harness when the run is over. */
    RunningAgent start(ForwardingTask task) throws IOException;
}
