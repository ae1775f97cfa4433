package dev.clusterlog.agent.output;

/**
 * A batch was not delivered; {@link #permanent} when sending it again cannot succeed (a 4xx other
 * than 429). {@link #highWaterMark} is set (>= 0) when the destination refused the batch because
 * its range overlaps what it already has of the source (HTTP 409): it has the source up to there.
 */
public final class DeliveryException extends Exception {
    private final boolean permanent;
    private final long highWaterMark;

    public DeliveryException(String message, boolean permanent) {
        this(message, permanent, -1);
    }

    public DeliveryException(String message, boolean permanent, long highWaterMark) {
        super(message);
        this.permanent = permanent;
        this.highWaterMark = highWaterMark;
    }

    public boolean permanent() {
        return permanent;
    }

    /** The store's high-water mark of the batch's source after an overlap refusal, else -1. */
    public long highWaterMark() {
        return highWaterMark;
    }
}
