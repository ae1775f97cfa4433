package dev.clusterlog.store;

import dev.clusterlog.core.query.LabelMatcher;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A live tail: a bounded queue of appended batches drained by its own virtual thread. */
final class TailSubscription implements Subscription {
    static final int MAX_QUEUED = 10_000;
    private static final StreamEntries END = new StreamEntries(dev.clusterlog.core.entry.LabelSet.EMPTY, List.of());

    final String tenant;
    final List<LabelMatcher> matchers;
    private final EntryListener listener;
    private final List<TailSubscription> registry;
    private final StoreMetrics metrics;
    private final LinkedBlockingQueue<StreamEntries> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private volatile boolean ended;
    private volatile String endReason;

    TailSubscription(String tenant, List<LabelMatcher> matchers, EntryListener listener, List<TailSubscription> registry,
                     StoreMetrics metrics) {
        this.tenant = tenant;
        this.matchers = matchers;
        this.listener = listener;
        this.registry = registry;
        this.metrics = metrics;
        Thread.ofVirtual().name("clusterlog-tail-" + tenant).start(this::drain);
    }

    void offer(StreamEntries e) {
        if (!ended && !queue.offer(e)) {
            metrics.subscriptionsDropped.increment();
            end("subscriber fell behind by " + MAX_QUEUED + " batches");
        }
    }

    private void drain() {
        try {
            while (true) {
                StreamEntries e = queue.poll(1, TimeUnit.SECONDS);
                if (e == END || (e == null && ended)) {
                    break;
                }
                if (e != null && !ended) {
                    listener.onEntries(e.labels(), e.entries());
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            endReason = "listener failed: " + ex;
            ended = true;
        }
        registry.remove(this);
        listener.onClose(endReason == null ? "closed" : endReason);
    }

    void end(String reason) {
        if (!ended) {
            endReason = reason;
            ended = true;
            registry.remove(this);
            queue.clear();
            queue.offer(END);
        }
    }

    @Override
    public void close() {
        end("closed");
    }
}
