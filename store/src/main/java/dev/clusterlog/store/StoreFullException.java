package dev.clusterlog.store;

import java.io.IOException;

/** An append was refused because the disk (or the configured cap) has no room left for it. */
public final class StoreFullException extends IOException {
    public StoreFullException(String message) {
        super(message);
    }
}
