package dev.clusterlog.agent.output;

/** A batch was not delivered; {@link #permanent} when sending it again cannot succeed (a 4xx other than 429). */
public final class DeliveryException extends Exception {
    private final boolean permanent;

    public DeliveryException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
