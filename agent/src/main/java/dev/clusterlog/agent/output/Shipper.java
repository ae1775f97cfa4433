package dev.clusterlog.agent.output;

import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.pipeline.Batch;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Delivers batches in the order they were queued, one at a time, retrying with exponential
 * back-off and full jitter ({@code min * 2^attempt} capped at {@code max}, a uniform share of it)
 * until the output takes the batch; a permanent refusal is logged, counted and skipped. A refusal
 * because the batch's range overlaps what the destination has of the source (409 with its
 * high-water mark H) is never skipped silently: it is logged as an ERROR naming the source and
 * both ranges, counted ({@code clusterlog_agent_overlaps_total}), and handed to the overlap
 * handler, which reads the source again from H; the source's batches queued behind it are
 * discarded unacknowledged until the first one that starts at H. After
 * delivery (or skip) the acknowledgement callback runs, which advances the source's checkpoint.
 * Batches without entries (the offset moved over dropped lines or pending pieces) are
 * acknowledged in their turn without a send.
 *
 * <p>Memory is bounded: {@link #hasRoom()} is false while the queued line bytes reach the quota,
 * and the tailers stop reading (the files are the buffer; kubelet keeps them until rotated away).
 * The first time that happens it is logged once, and {@code clusterlog_agent_buffer_full} says so.
 * Thread-safety: {@link #enqueue} and {@link #hasRoom} from any thread; one delivery thread.
 */
public final class Shipper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Shipper.class.getName());

    private final Output output;
    private final Consumer<Batch> acknowledge;
    private final AgentMetrics metrics;
    private final long quotaBytes;
    private final long retryMinNanos;
    private final long retryMaxNanos;
    private final Random jitter;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean fullLogged;
    private volatile boolean closed;
    private final Thread thread;
    private final dev.clusterlog.agent.buffer.DiskBuffer disk;
    /** Called with (source id, high-water mark) after an overlap refusal; may be null (then the batch is dropped). */
    private volatile java.util.function.ObjLongConsumer<String> overlapHandler;
    /** Sources read again after an overlap: their batches are skipped until one starts at the mark. */
    private final java.util.Map<String, Long> rewinding = new java.util.concurrent.ConcurrentHashMap<>();

    public Shipper(Output output, Consumer<Batch> acknowledge, AgentMetrics metrics, long quotaBytes, long retryMinNanos,
            long retryMaxNanos, long seed) {
        this(output, acknowledge, metrics, quotaBytes, retryMinNanos, retryMaxNanos, seed, null);
    }

    /**
     * With a disk buffer: a batch is acknowledged to its tailer once it is in the buffer, and
     * delivered from there (also after a restart); the quota is the buffer's.
     */
    public Shipper(Output output, Consumer<Batch> acknowledge, AgentMetrics metrics, long quotaBytes, long retryMinNanos,
            long retryMaxNanos, long seed, dev.clusterlog.agent.buffer.DiskBuffer disk) {
        this.disk = disk;
        this.output = output;
        this.acknowledge = acknowledge;
        this.metrics = metrics;
        this.quotaBytes = quotaBytes;
        this.retryMinNanos = retryMinNanos;
        this.retryMaxNanos = retryMaxNanos;
        this.jitter = new Random(seed);
        metrics.gauge("clusterlog_agent_buffer_bytes", "line bytes queued for delivery",
                () -> java.util.Map.of("", (double) queuedBytes()));
        metrics.gauge("clusterlog_agent_buffer_full", "1 while reading is paused because the delivery buffer is at its quota",
                () -> java.util.Map.of("", hasRoom() ? 0.0 : 1.0));
        this.thread = Thread.ofPlatform().name("clusterlog-shipper-" + output.name()).daemon().start(this::run);
    }

    /** Sets who reads a source again from the store's high-water mark after an overlap (the agent's tailers). */
    public void onOverlap(java.util.function.ObjLongConsumer<String> handler) {
        this.overlapHandler = handler;
    }

    public synchronized void enqueue(Batch batch) {
        if (disk != null) {
            try {
                if (batch.size() > 0) {
                    disk.append(batch);
                }
                acknowledge.accept(batch);
                return;
            } catch (java.io.IOException e) {
                metrics.increment("clusterlog_agent_buffer_errors_total", null, null);
                LOG.log(System.Logger.Level.WARNING, "disk buffer: " + e + "; batch " + batch + " kept in memory");
            }
        }
        queue.addLast(batch);
        queuedBytes += batch.lineBytes();
        notifyAll();
    }

    public synchronized boolean hasRoom() {
        boolean room = disk != null ? disk.hasRoom() && queuedBytes < quotaBytes : queuedBytes < quotaBytes;
        if (!room && !fullLogged) {
            fullLogged = true;
            LOG.log(System.Logger.Level.WARNING, "delivery buffer at its quota of " + quotaBytes
                    + " bytes: reading paused until " + output.name() + " takes more (nothing is lost; files stay on disk)");
        } else if (room && fullLogged && queuedBytes < quotaBytes / 2) {
            fullLogged = false;
            LOG.log(System.Logger.Level.INFO, "delivery buffer below its quota again: reading resumed");
        }
        return room;
    }

    public synchronized long queuedBytes() {
        return queuedBytes + (disk == null ? 0 : disk.bytes());
    }

    /** True when nothing is queued or being sent. */
    public synchronized boolean idle() {
        return queue.isEmpty() && !sending;
    }

    private boolean sending;

    private void runBuffered() {
        while (!closed) {
            try {
                Batch batch = disk.peek(200);
                if (batch == null) {
                    continue;
                }
                synchronized (this) {
                    sending = true;
                }
                if (sendWithRetries(batch)) {
                    disk.advance();
                }
                synchronized (this) {
                    sending = false;
                    notifyAll();
                }
            } catch (InterruptedException e) {
                return;
            } catch (java.io.IOException e) {
                metrics.increment("clusterlog_agent_buffer_errors_total", null, null);
                LOG.log(System.Logger.Level.ERROR, "disk buffer: " + e);
            }
        }
    }

    private void run() {
        if (disk != null) {
            Thread.ofPlatform().name("clusterlog-shipper-memory").daemon().start(this::runMemory);
            runBuffered();
            return;
        }
        runMemory();
    }

    private void runMemory() {
        while (!closed) {
            Batch batch;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                batch = queue.peekFirst();
                sending = true;
            }
            deliver(batch);
            synchronized (this) {
                queue.pollFirst();
                queuedBytes -= batch.lineBytes();
                sending = false;
                notifyAll();
            }
        }
    }

    private void deliver(Batch batch) {
        Long mark = rewinding.get(batch.sourceId);
        if (mark != null) {
            if (batch.startOffset != mark) {
                return; // cut before the source was read again from the mark: its bytes come again
            }
            rewinding.remove(batch.sourceId);
        }
        if (batch.size() > 0 && !sendWithRetries(batch)) {
            return;
        }
        if (!rewinding.containsKey(batch.sourceId)) {
            acknowledge.accept(batch);
        }
    }

    /** True when delivered or permanently refused; false when closing. */
    private boolean sendWithRetries(Batch batch) {
        {
            for (int attempt = 0; !closed; attempt++) {
                try {
                    output.send(batch);
                    metrics.add("clusterlog_agent_shipped_lines_total", "source", batch.input, batch.size());
                    metrics.add("clusterlog_agent_shipped_bytes_total", "source", batch.input, batch.lineBytes());
                    return true;
                } catch (DeliveryException e) {
                    if (e.highWaterMark() >= 0) {
                        overlap(batch, e);
                        return true;
                    }
                    if (e.permanent()) {
                        metrics.add("clusterlog_agent_dropped_lines_total", "reason", "rejected", batch.size());
                        LOG.log(System.Logger.Level.ERROR, "batch " + batch + " refused, dropped: " + e.getMessage());
                        return true;
                    }
                    metrics.increment("clusterlog_agent_retries_total", "output", output.name());
                    if (attempt == 0 || attempt % 10 == 0) {
                        LOG.log(System.Logger.Level.WARNING, "delivery failed (attempt " + (attempt + 1) + "), retrying: "
                                + e.getMessage());
                    }
                    long cap = Math.min(retryMaxNanos, retryMinNanos << Math.min(attempt, 20));
                    long sleep = (long) (cap * (0.5 + 0.5 * jitter.nextDouble()));
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException ie) {
                        return false;
                    }
                }
            }
        }
        return !closed;
    }

    private void overlap(Batch batch, DeliveryException e) {
        long mark = e.highWaterMark();
        metrics.increment("clusterlog_agent_overlaps_total", "output", output.name());
        var handler = overlapHandler;
        if (handler == null || disk != null) {
            metrics.add("clusterlog_agent_dropped_lines_total", "reason", "overlap", batch.size());
            LOG.log(System.Logger.Level.ERROR, "source " + batch.sourceId + ": batch range " + batch.startOffset + "-"
                    + batch.endOffset + " overlaps what " + output.name() + " has (up to " + mark
                    + ") and cannot be read again here: its " + batch.size() + " lines are dropped");
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "source " + batch.sourceId + ": batch range " + batch.startOffset + "-"
                + batch.endOffset + " overlaps what " + output.name() + " has (up to " + mark
                + "): reading the source again from byte " + mark + " with fresh partial-line state");
        rewinding.put(batch.sourceId, mark);
        handler.accept(batch.sourceId, mark);
    }

    /** Waits until every queued batch is delivered, at most the given time; true when drained. */
    public synchronized boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!(queue.isEmpty() && !sending && (disk == null || disk.empty()))) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 50));
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.close();
    }
}
