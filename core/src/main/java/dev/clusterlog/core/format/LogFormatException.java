package dev.clusterlog.core.format;

/**
 * A log line that does not parse. The message says what was expected; readers add where
 * (file, line number, byte offset) with {@link #at}.
 */
public final class LogFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public LogFormatException(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** What was wrong, without the location. */
    public String reason() {
        return reason;
    }

    /** The one-line report: {@code FILE:LINE: byte OFFSET: REASON}. */
    public String at(String file, long lineNumber, long byteOffset) {
        return file + ":" + lineNumber + ": byte " + byteOffset + ": " + reason;
    }
}
