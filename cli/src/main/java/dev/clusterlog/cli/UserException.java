package dev.clusterlog.cli;

/**
 * An error the user can fix (exit code 1): the message is printed as {@code error: <message>}
 * and must say what was wrong and what was expected.
 */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message, null, false, false);
    }
}
