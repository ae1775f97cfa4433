package dev.clusterlog.logql.eval;

import dev.clusterlog.core.query.LabelMatcher;
import dev.clusterlog.logql.syntax.Stage;
import java.util.List;

/**
 * What the engine asks of an {@link EntrySource}: streams whose labels match all {@code matchers},
 * entries with {@code startNanos <= ts < endNanos}, in {@code direction}. {@code lineFilters} are
 * the selector's leading line filters (they may be applied to raw lines as they are);
 * {@code hints} are the literals a matching line must contain, for block indexes.
 */
public record SelectRequest(List<LabelMatcher> matchers, long startNanos, long endNanos, Direction direction,
                            List<Stage.LineFilter> lineFilters, PushdownHints hints) {
    public SelectRequest {
        matchers = List.copyOf(matchers);
        lineFilters = List.copyOf(lineFilters);
    }
}
