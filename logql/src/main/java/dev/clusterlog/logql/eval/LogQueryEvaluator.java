package dev.clusterlog.logql.eval;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.log.LogEntry;
import dev.clusterlog.logql.log.Pipeline;
import dev.clusterlog.logql.syntax.LogSelectorExpr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Log queries: entries through the pipeline, grouped by their final labels, up to the limit. */
final class LogQueryEvaluator {
    private LogQueryEvaluator() {
    }

    static Result.Streams evaluate(LogSelectorExpr selector, QueryParams params, EntrySource source, ScanContext ctx) {
        SelectRequest request = new SelectRequest(selector.matchers(), params.startNanos(),
                params.instant() ? params.endNanos() + 1 : params.endNanos(), params.direction(),
                PushdownHints.leadingLineFilters(selector), PushdownHints.of(selector));
        Pipeline pipeline = Pipeline.compile(selector.stages());
        LogEntry entry = new LogEntry();
        Map<LabelSet, List<Result.LogLine>> streams = new HashMap<>();
        Map<LabelSet, Long> nextAllowed = params.intervalNanos() > 0 ? new HashMap<>() : null;
        int count = 0;
        try (EntryMerger merger = new EntryMerger(source.select(request), params.direction())) {
            while (count < params.limit() && merger.next()) {
                StreamCursor c = merger.current();
                ctx.read(c.lineLength());
                entry.reset(c.labels(), c.metadata(), c.timestamp(), c.lineBuffer(), c.lineOffset(), c.lineLength());
                if (!pipeline.process(entry)) {
                    continue;
                }
                LabelSet labels = entry.finalLabels();
                if (nextAllowed != null && !intervalAllows(nextAllowed, labels, c.timestamp(), params)) {
                    continue;
                }
                List<Result.LogLine> lines = streams.get(labels);
                if (lines == null) {
                    ctx.checkSeries(streams.size() + 1);
                    lines = new ArrayList<>();
                    streams.put(labels, lines);
                }
                lines.add(new Result.LogLine(c.timestamp(), new String(entry.lineBuffer(), entry.lineOffset(),
                        entry.lineLength(), StandardCharsets.UTF_8)));
                count++;
            }
        }
        ctx.check();
        List<Result.Stream> out = new ArrayList<>();
        streams.forEach((k, v) -> out.add(new Result.Stream(k, v)));
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new Result.Streams(out);
    }

    /** Loki's interval: per stream, an entry at or after start, then the next at or after previous+interval. */
    private static boolean intervalAllows(Map<LabelSet, Long> next, LabelSet labels, long ts, QueryParams p) {
        Long allowed = next.get(labels);
        boolean forward = p.direction() == Direction.FORWARD;
        if (allowed != null && (forward ? ts < allowed : ts > allowed)) {
            return false;
        }
        next.put(labels, forward ? ts + p.intervalNanos() : ts - p.intervalNanos());
        return true;
    }
}
