package dev.clusterlog.store;

/** A live tail; close it to stop delivery. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
