package dev.clusterlog.core.format;

/** Parses one physical line of a container log file (with its trailing {@code \n}, if any). */
@FunctionalInterface
public interface LogLineParser {
    void parse(byte[] buf, int off, int len, LogRecord into) throws LogFormatException;
}
