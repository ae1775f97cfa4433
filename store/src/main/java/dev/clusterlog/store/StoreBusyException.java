package dev.clusterlog.store;

import java.io.IOException;

/**
 * An append was refused because the store holds as much unsealed data in memory as it may and sealing
 * did not catch up within the wait: a transient condition, to be retried.
 */
public final class StoreBusyException extends IOException {
    public StoreBusyException(String message) {
        super(message);
    }
}
