package dev.clusterlog.agent.pipeline;

import dev.clusterlog.agent.assemble.LineSink;
import dev.clusterlog.agent.metrics.AgentMetrics;
import dev.clusterlog.core.entry.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What happens to a logical line between assembly and its batch, in this order: parsing into
 * structured metadata, keep/drop by pattern, masking by pattern, a per-container rate limit.
 * Lines without any stage configured go to the batch without a String made of them. Drops are
 * counted in {@code clusterlog_agent_dropped_lines_total{reason}}. Thread-safe when each caller
 * passes its own {@link RateLimiter}.
 */
public final class Pipeline {
    /** A pattern and its replacement, {@code $1}-style groups allowed. */
    public record Mask(Pattern pattern, String replacement) {
    }

    private final LineParser parser;
    private final List<Pattern> keep;
    private final List<Pattern> drop;
    private final List<Mask> masks;
    private final double ratePerSecond;
    private final AgentMetrics metrics;
    private final boolean needsText;

    public Pipeline(LineParser parser, List<Pattern> keep, List<Pattern> drop, List<Mask> masks, double ratePerSecond,
            AgentMetrics metrics) {
        this.parser = parser;
        this.keep = List.copyOf(keep);
        this.drop = List.copyOf(drop);
        this.masks = List.copyOf(masks);
        this.ratePerSecond = ratePerSecond;
        this.metrics = metrics;
        this.needsText = !keep.isEmpty() || !drop.isEmpty() || !masks.isEmpty();
    }

    public static Pipeline passThrough(AgentMetrics metrics) {
        return new Pipeline(new LineParser(LineParser.Kind.NONE, null), List.of(), List.of(), List.of(), 0, metrics);
    }

    /** A new rate limiter for one container (null when unlimited). */
    public RateLimiter newRateLimiter() {
        return ratePerSecond > 0 ? new RateLimiter(ratePerSecond, Math.max(1, ratePerSecond)) : null;
    }

    /** Processes one line into the batch (or drops it, counted). */
    public void process(long nanos, LogStream stream, byte[] buf, int off, int len, int flags, RateLimiter limiter,
            long nowNanos, BatchBuilder into) {
        process(nanos, stream, buf, off, len, flags, null, limiter, nowNanos, into);
    }

    /**
     * As {@link #process(long, LogStream, byte[], int, int, int, RateLimiter, long, BatchBuilder)}, with
     * structured metadata the source already has (name, value pairs; null for none) put first.
     */
    public void process(long nanos, LogStream stream, byte[] buf, int off, int len, int flags, String[] sourceMeta,
            RateLimiter limiter, long nowNanos, BatchBuilder into) {
        if (limiter != null && !limiter.tryAcquire(nowNanos)) {
            metrics.increment("clusterlog_agent_dropped_lines_total", "reason", "rate_limit");
            return;
        }
        if (needsText) {
            String text = new String(buf, off, len, StandardCharsets.UTF_8);
            if (!keep.isEmpty() && keep.stream().noneMatch(p -> p.matcher(text).find())) {
                metrics.increment("clusterlog_agent_dropped_lines_total", "reason", "not_kept");
                return;
            }
            if (drop.stream().anyMatch(p -> p.matcher(text).find())) {
                metrics.increment("clusterlog_agent_dropped_lines_total", "reason", "dropped_by_pattern");
                return;
            }
            if (!masks.isEmpty()) {
                String masked = text;
                for (Mask m : masks) {
                    masked = m.pattern().matcher(masked).replaceAll(m.replacement());
                }
                if (!masked.equals(text)) {
                    buf = masked.getBytes(StandardCharsets.UTF_8);
                    off = 0;
                    len = buf.length;
                    metrics.increment("clusterlog_agent_masked_lines_total", null, null);
                }
            }
        }
        String[] meta = sourceMeta;
        if (parser.kind() != LineParser.Kind.NONE || flags != 0) {
            List<String> pairs = new ArrayList<>(8 + (sourceMeta == null ? 0 : sourceMeta.length));
            if (sourceMeta != null) {
                pairs.addAll(List.of(sourceMeta));
            }
            if ((flags & LineSink.TRUNCATED) != 0) {
                pairs.add("truncated");
                pairs.add("true");
            }
            if ((flags & LineSink.UNPARSED) != 0) {
                pairs.add("error");
                pairs.add("unparsed");
            } else if (!parser.parse(buf, off, len, pairs)) {
                metrics.increment("clusterlog_agent_parse_errors_total", "parser", parser.kind().name().toLowerCase());
            }
            meta = pairs.toArray(new String[0]);
        }
        into.add(nanos, stream, buf, off, len, meta);
    }
}
