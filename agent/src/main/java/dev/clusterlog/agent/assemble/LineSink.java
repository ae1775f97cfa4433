package dev.clusterlog.agent.assemble;

import dev.clusterlog.core.entry.LogStream;

/** Receives logical lines; the bytes are the caller's and valid only during the call. */
@FunctionalInterface
public interface LineSink {
    /** Set on a line cut at the assembly limit. */
    int TRUNCATED = 1;
    /** Set on a line that could not be parsed and is passed on raw. */
    int UNPARSED = 2;

    void line(long epochNanos, LogStream stream, byte[] buf, int off, int len, int flags);
}
