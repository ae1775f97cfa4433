package dev.clusterlog.core.podlog;

/**
 * What to read of a container's log, with kubelet's {@code LogOptions} semantics
 * (kubernetes/cri-client {@code pkg/logs/logs.go}).
 *
 * @param tailLines physical file lines from the end ({@code P} pieces count one each); -1 for all, 0 for none
 * @param limitBytes bytes to write at most, timestamp prefixes included, over both streams; -1 for no limit
 * @param sinceEpochNanos lines older than this are skipped; {@link Long#MIN_VALUE} for none
 * @param timestamps prefix each logical line with its time in RFC3339NanoFixed and a space
 * @param follow keep reading new lines until the container stops
 * @param streams which of the container's streams to write
 */
public record LogOptions(long tailLines, long limitBytes, long sinceEpochNanos, boolean timestamps, boolean follow,
        Streams streams) {

    /** kubelet's {@code PodLogOptions.stream}: All, Stdout or Stderr. */
    public enum Streams {
        ALL,
        STDOUT,
        STDERR
    }

    public static final LogOptions DEFAULT = new LogOptions(-1, -1, Long.MIN_VALUE, false, false, Streams.ALL);

    public LogOptions {
        if (tailLines < -1) {
            throw new IllegalArgumentException("tailLines: Invalid value: " + tailLines + ": must be greater than or equal to 0");
        }
        if (limitBytes < -1) {
            throw new IllegalArgumentException("limitBytes: Invalid value: " + limitBytes + ": must be greater than 0");
        }
    }

    public LogOptions withTailLines(long n) {
        return new LogOptions(n, limitBytes, sinceEpochNanos, timestamps, follow, streams);
    }

    public LogOptions withLimitBytes(long n) {
        return new LogOptions(tailLines, n, sinceEpochNanos, timestamps, follow, streams);
    }

    public LogOptions withSince(long epochNanos) {
        return new LogOptions(tailLines, limitBytes, epochNanos, timestamps, follow, streams);
    }

    public LogOptions withTimestamps(boolean on) {
        return new LogOptions(tailLines, limitBytes, sinceEpochNanos, on, follow, streams);
    }

    public LogOptions withFollow(boolean on) {
        return new LogOptions(tailLines, limitBytes, sinceEpochNanos, timestamps, on, streams);
    }

    public LogOptions withStreams(Streams s) {
        return new LogOptions(tailLines, limitBytes, sinceEpochNanos, timestamps, follow, s);
    }
}
