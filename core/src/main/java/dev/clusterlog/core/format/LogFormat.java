package dev.clusterlog.core.format;

import dev.clusterlog.core.cri.CriLineParser;
import dev.clusterlog.core.text.GoStrings;

/**
 * The two container log file formats kubelet reads, and its per-file detection: the first line
 * is tried as CRI, then as Docker json-file, and the format chosen is used for the rest of the
 * file (kubernetes/cri-client {@code pkg/logs/logs.go} {@code getParseFunc}).
 */
public enum LogFormat {
    CRI,
    DOCKER_JSON;

    /** A new parser for this format; parsers hold scratch state and are not thread-safe. */
    public LogLineParser newParser() {
        return switch (this) {
            case CRI -> new CriLineParser();
            case DOCKER_JSON -> new dev.clusterlog.core.docker.DockerJsonLineParser();
        };
    }

    /**
     * Detects the format from a file's first line as kubelet does.
     *
     * @throws LogFormatException {@code unsupported log format: "<line>"} (Go {@code %q}) when
     *     neither parser accepts it
     */
    public static LogFormat detect(byte[] buf, int off, int len) throws LogFormatException {
        LogRecord scratch = new LogRecord();
        for (LogFormat format : values()) {
            try {
                format.newParser().parse(buf, off, len, scratch);
                return format;
            } catch (LogFormatException e) {
                // try the next format
            }
        }
        throw new LogFormatException("unsupported log format: " + GoStrings.quote(buf, off, len));
    }
}
