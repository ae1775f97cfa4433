package dev.clusterlog.agent.output;

import dev.clusterlog.agent.pipeline.Batch;

/**
 * Where batches go. {@link #send} returns when the destination has the batch (for the push API:
 * a 2xx answer); it throws {@link DeliveryException} otherwise, saying whether a retry can help.
 * Called from one delivery thread. New destinations (Loki, OpenSearch, Kafka, OTLP) implement
 * this interface.
 */
public interface Output extends AutoCloseable {
    void send(Batch batch) throws DeliveryException;

    /** A short name for logs and metrics: {@code http}, {@code stdout}, {@code file}. */
    String name();

    @Override
    default void close() {
    }
}
