package dev.clusterlog.server.push;

/**
 * A push request that cannot be accepted (HTTP 400): nothing of it is stored. The message says
 * what was wrong; {@link #field()} names where ({@code streams[2].values[5][0]}).
 */
public final class BadPushException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;

    public BadPushException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
