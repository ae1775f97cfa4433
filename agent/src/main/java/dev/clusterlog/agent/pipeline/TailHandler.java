package dev.clusterlog.agent.pipeline;

import dev.clusterlog.agent.assemble.LineSink;
import dev.clusterlog.agent.assemble.SourceDecoder;
import dev.clusterlog.agent.multiline.MultilineGrouper;
import dev.clusterlog.agent.enrich.PathLabels;
import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.agent.tail.SourceHandler;
import dev.clusterlog.agent.tail.TailedSource;
import dev.clusterlog.core.entry.LabelSet;
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
    private final java.util.function.Supplier<MultilineGrouper> groupers;
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
        final MultilineGrouper grouper;
        final LineSink toBatch = (nanos, stream, b, o, l, flags) ->
                pipeline.process(nanos, stream, b, o, l, flags, limiter, nanoClock.getAsLong(), builder);
        final LineSink toGrouper;

        State(TailedSource source) {
            this.source = source;
            this.decoder = new SourceDecoder(mode, limits.lineLimit(), wallNanos);
            this.grouper = groupers == null ? null : groupers.get();
            this.toGrouper = grouper == null ? toBatch
                    : (nanos, stream, b, o, l, flags) -> grouper.accept(nanos, stream, b, o, l, flags, nanoClock.getAsLong(), toBatch);
        }

        /** {@code assemblerLen:i32 assembler:byte{assemblerLen} grouperLen:i32 grouper:byte{grouperLen}} (-1: none), or null. */
        byte[] snapshot() {
            byte[] a = decoder.assembler().snapshot();
            byte[] g = grouper == null ? null : grouper.snapshot();
            if (a == null && g == null) {
                return null;
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(8 + (a == null ? 0 : a.length) + (g == null ? 0 : g.length));
            bb.putInt(a == null ? -1 : a.length);
            if (a != null) {
                bb.put(a);
            }
            bb.putInt(g == null ? -1 : g.length);
            if (g != null) {
                bb.put(g);
            }
            return bb.array();
        }

        boolean restore(byte[] state) {
            if (state == null) {
                return true;
            }
            try {
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(state);
                int al = bb.getInt();
                byte[] a = al < 0 ? null : new byte[al];
                if (a != null) {
                    bb.get(a);
                }
                int gl = bb.getInt();
                byte[] g = gl < 0 ? null : new byte[gl];
                if (g != null) {
                    bb.get(g);
                }
                boolean ok = decoder.assembler().restore(a);
                return grouper == null ? ok : ok & grouper.restore(g, nanoClock.getAsLong());
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    public TailHandler(String sourceName, SourceDecoder.Mode mode, PathLabels labels, Pipeline pipeline, Limits limits,
            Consumer<Batch> sink, BooleanSupplier hasRoom, LongSupplier nanoClock, LongSupplier wallNanos,
            AgentMetrics metrics, java.util.function.Supplier<MultilineGrouper> groupers) {
        this.groupers = groupers;
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
        if (!s.restore(restoredState)) {
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
        ensureBuilder(s, startOffset);
        long unparsedBefore = s.decoder.unparsedLines();
        long now = nanoClock.getAsLong();
        s.decoder.decode(buf, off, len, s.toGrouper);
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

    private void ensureBuilder(State s, long startOffset) {
        if (s.builder == null) {
            s.builder = new BatchBuilder(s.source.id(), sourceName, s.labels, startOffset);
            s.builderStartNanos = nanoClock.getAsLong();
        }
    }

    private void cut(State s) {
        cut(s, false);
    }

    /**
     * A batch covers the bytes {@code [start, readOffset)}. One that covers no bytes (only entries
     * flushed from pending pieces or a pending group, whose bytes an earlier batch covered) is not
     * cut while the source lives: the store would take its range for one it has and drop it. It
     * waits for the next bytes; the checkpoint keeps the pending state meanwhile. When the source
     * ends ({@code closing}) no batch follows, so it claims the range {@code [end, end+1)}, which
     * the store takes once and recognises when resent.
     */
    private void cut(State s, boolean closing) {
        if (s.builder == null) {
            return;
        }
        long end = s.source.readOffset();
        if (s.builder.startOffset() == end) {
            if (s.builder.count() == 0) {
                s.builder = null;
                return;
            }
            if (!closing) {
                return;
            }
            end++;
        }
        Batch batch = s.builder.build(end, s.snapshot());
        metrics.add("clusterlog_agent_read_lines_total", "source", sourceName, batch.size());
        s.builder = null;
        sink.accept(batch);
    }

    /** Cuts every batch older than the batch wait (call after each poll). */
    public void flushAged() {
        long now = nanoClock.getAsLong();
        for (State s : open) {
            if (s.grouper != null && s.grouper.hasPending()) {
                ensureBuilder(s, s.source.readOffset());
                s.grouper.flushExpired(now, s.toBatch);
            }
            // while pieces or a group are pending, the batch waits for them (up to 5 s more): a batch
            // cut later holding only them would cover no new bytes, and the store would take its
            // range for one it already has
            boolean pending = s.decoder.assembler().hasPending() || s.grouper != null && s.grouper.hasPending();
            // (a batch covering no bytes is held by cut() until bytes follow)
            long age = s.builder == null ? 0 : now - s.builderStartNanos;
            if (s.builder != null && age >= limits.batchWaitNanos() && (!pending || age >= limits.batchWaitNanos() + 5_000_000_000L)) {
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
        if (s.labels != null && (s.decoder.assembler().hasPending() || s.grouper != null && s.grouper.hasPending())) {
            ensureBuilder(s, source.readOffset());
            s.decoder.assembler().flush(s.toGrouper);
            if (s.grouper != null) {
                s.grouper.flush(s.toBatch);
            }
        }
        cut(s, true);
        open.remove(s);
    }

    @Override
    public void cutHere(TailedSource source) {
        cut((State) source.attachment);
    }

    @Override
    public void reset(TailedSource source) {
        open.remove((State) source.attachment);
        State fresh = new State(source);
        source.attachment = fresh;
        open.add(fresh);
    }
}
