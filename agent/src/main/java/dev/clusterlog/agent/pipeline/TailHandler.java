package dev.clusterlog.agent.pipeline;

import dev.clusterlog.agent.assemble.SourceDecoder;
import dev.clusterlog.agent.enrich.PathLabels;
import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.tail.SourceHandler;
import dev.clusterlog.agent.tail.TailedSource;
import dev.clusterlog.core.LabelSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Between a tailer and delivery: decodes and assembles each source's lines, labels them, runs
 * the {@link Pipeline}, and cuts batches by size and age; one source per batch, whose end offset
 * and assembler state become the checkpoint once the batch is acknowledged. Runs on the tailer's
 * thread ({@link #flushAged} too).
 */
public final class TailHandler implements SourceHandler {
    private static final System.Logger LOG = System.getLogger(TailHandler.class.getName());

    /** Batch limits: size in line bytes, age in nanos. */
    public record Limits(int batchBytes, long batchWaitNanos, int lineLimit) {
    }

    private final SourceDecoder.Mode mode;
    private final PathLabels labels;
    private final Pipeline pipeline;
    private final Limits limits;
    private final Consumer<Batch> sink;
    private final BooleanSupplier hasRoom;
    private final LongSupplier nanoClock;
    private final LongSupplier wallNanos;
    private final AgentMetrics metrics;
    private final String sourceName;
    private final Map<String, RateLimiter> limiters = new HashMap<>();
    private final List<State> open = new ArrayList<>();
    private long lastWarnNanos = Long.MIN_VALUE;

    private final class State {
        final TailedSource source;
        final SourceDecoder decoder;
        LabelSet labels;
        BatchBuilder builder;
        long builderStartNanos;
        RateLimiter limiter;

        State(TailedSource source) {
            this.source = source;
            this.decoder = new SourceDecoder(mode, limits.lineLimit(), wallNanos);
        }
    }

    public TailHandler(String sourceName, SourceDecoder.Mode mode, PathLabels labels, Pipeline pipeline, Limits limits,
            Consumer<Batch> sink, BooleanSupplier hasRoom, LongSupplier nanoClock, LongSupplier wallNanos,
            AgentMetrics metrics) {
        this.sourceName = sourceName;
        this.mode = mode;
        this.labels = labels;
        this.pipeline = pipeline;
        this.limits = limits;
        this.sink = sink;
        this.hasRoom = hasRoom;
        this.nanoClock = nanoClock;
        this.wallNanos = wallNanos;
        this.metrics = metrics;
    }

    @Override
    public void open(TailedSource source, byte[] restoredState) {
        State s = new State(source);
        if (!s.decoder.assembler().restore(restoredState)) {
            LOG.log(System.Logger.Level.WARNING, "source " + source.id() + ": checkpointed partial-line state unreadable, "
                    + "its pending pieces are lost");
        }
        source.attachment = s;
        open.add(s);
    }

    @Override
    public boolean canAccept() {
        return hasRoom.getAsBoolean();
    }

    @Override
    public void lines(TailedSource source, byte[] buf, int off, int len, long startOffset) {
        State s = (State) source.attachment;
        if (s.labels == null) {
            s.labels = labels.labels(source.path());
            String container = s.labels.get("namespace") + "/" + s.labels.get("pod") + "/" + s.labels.get("container");
            s.limiter = limiters.computeIfAbsent(container.equals("null/null/null") ? s.labels.toString() : container,
                    k -> pipeline.newRateLimiter());
        }
        if (s.builder == null) {
            s.builder = new BatchBuilder(source.id(), s.labels, startOffset);
            s.builderStartNanos = nanoClock.getAsLong();
        }
        long unparsedBefore = s.decoder.unparsedLines();
        long now = nanoClock.getAsLong();
        s.decoder.decode(buf, off, len, (nanos, stream, b, o, l, flags) ->
                pipeline.process(nanos, stream, b, o, l, flags, s.limiter, now, s.builder));
        long unparsed = s.decoder.unparsedLines() - unparsedBefore;
        if (unparsed > 0) {
            metrics.add("clusterlog_agent_unparsed_lines_total", "source", sourceName, unparsed);
            if (now - lastWarnNanos > 60_000_000_000L || lastWarnNanos == Long.MIN_VALUE) {
                lastWarnNanos = now;
                LOG.log(System.Logger.Level.WARNING, source.path() + ": byte " + startOffset + ": " + s.decoder.lastError()
                        + " (shipped raw with error=unparsed; further warnings throttled for 60 s)");
            }
        }
        metrics.add("clusterlog_agent_read_bytes_total", "source", sourceName, len);
        if (s.builder.bytes() >= limits.batchBytes()) {
            cut(s);
        }
    }

    private void cut(State s) {
        if (s.builder == null) {
            return;
        }
        Batch batch = s.builder.build(s.source.readOffset(), s.decoder.assembler().snapshot());
        metrics.add("clusterlog_agent_read_lines_total", "source", sourceName, batch.size());
        s.builder = null;
        sink.accept(batch);
    }

    /** Cuts every batch older than the batch wait (call after each poll). */
    public void flushAged() {
        long now = nanoClock.getAsLong();
        for (State s : open) {
            if (s.builder != null && now - s.builderStartNanos >= limits.batchWaitNanos()) {
                cut(s);
            }
        }
    }

    /** Cuts every open batch now (before a graceful stop). */
    public void flushAll() {
        for (State s : open) {
            cut(s);
        }
    }

    @Override
    public void close(TailedSource source) {
        State s = (State) source.attachment;
        if (s.decoder.assembler().hasPending() && s.labels != null) {
            if (s.builder == null) {
                s.builder = new BatchBuilder(source.id(), s.labels, source.readOffset());
            }
            long now = nanoClock.getAsLong();
            s.decoder.assembler().flush((nanos, stream, b, o, l, flags) ->
                    pipeline.process(nanos, stream, b, o, l, flags, s.limiter, now, s.builder));
        }
        cut(s);
        open.remove(s);
    }
}
