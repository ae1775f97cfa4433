package dev.clusterlog.bench.peers;

/**
 * One agent's run over the corpus's plain files.
 *
 * @param skipped null when the agent ran, else why it did not (then every figure is zero)
 * @param wallSeconds from start to the last byte the sink received
 * @param inputBytes the bytes of the files it was asked to forward
 * @param contentMatches whether the sink's order-independent line checksum equals the files'
 *     (false also when the agent reframes lines and declares no checksum)
 */
public record AgentResult(String name, String skipped, double wallSeconds, double cpuSeconds, long peakRssBytes,
        long inputBytes, long expectedLines, long deliveredLines, long deliveredBytes, boolean contentMatches) {

    public static AgentResult skipped(String name, String reason) {
        return new AgentResult(name, reason, 0, 0, -1, 0, 0, 0, 0, false);
    }

    public boolean ran() {
        return skipped == null;
    }

    public boolean linesMatch() {
        return ran() && expectedLines == deliveredLines;
    }

    /** CPU-seconds per 10^9 input bytes. */
    public double cpuSecondsPerGb() {
        return cpuSeconds / (inputBytes / 1e9);
    }

    /** Input megabytes (10^6) per wall second. */
    public double megabytesPerSecond() {
        return inputBytes / 1e6 / wallSeconds;
    }
}
