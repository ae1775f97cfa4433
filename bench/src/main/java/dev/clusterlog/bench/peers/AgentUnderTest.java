package dev.clusterlog.bench.peers;

import dev.clusterlog.bench.corpus.CorpusManifest;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * A log shipper measured by the agent benchmark: it tails the corpus's files and forwards their
 * lines to the harness's {@link TcpLineSink}. Implementations: {@link ClusterlogAgent} (its own
 * JVM, so CPU and RSS are measured the same way, from {@code /proc}), {@link CatAgent} (the read
 * limit), {@link RsyslogAgent}, {@link SyslogNgAgent}. What the clusterlog agent delivers differs
 * from a line forwarder (logical lines with P/F pieces joined, a framing of its own): it overrides
 * {@link #expectedLines} and {@link #expectedLineCrcSum}.
 */
public interface AgentUnderTest {
    /** The name in the table, e.g. {@code rsyslog}. */
    String name();

    /** Null when the system can run here, else why not (e.g. {@code rsyslogd not found}). */
    String unavailableReason();

    /**
     * The lines the sink must count: by default every physical line of the uncompressed files,
     * what a line forwarder (rsyslog, syslog-ng, {@code cat}) sends.
     */
    default long expectedLines(CorpusManifest manifest) {
        return manifest.plainFiles().stream().mapToLong(CorpusManifest.FileEntry::records).sum();
    }

    /**
     * The sink's order-independent checksum when every line arrives unchanged (see
     * {@link TcpLineSink#lineCrcSum}); empty when the system reframes lines and content is
     * checked another way.
     */
    default OptionalLong expectedLineCrcSum(CorpusManifest manifest) {
        return OptionalLong.of(manifest.plainFiles().stream()
                .mapToLong(CorpusManifest.FileEntry::recordCrcSum).sum());
    }

    /** Starts forwarding; the returned handle is closed by the harness when the run is over. */
    RunningAgent start(ForwardingTask task) throws IOException;
}
