package dev.clusterlog.logql.syntax;

import dev.clusterlog.core.query.LabelMatcher;
import java.util.List;

/** {@code {matchers} stage*}: a stream selector and its log pipeline. */
public record LogSelectorExpr(List<LabelMatcher> matchers, List<Stage> stages) implements Expr {
    public LogSelectorExpr {
        matchers = List.copyOf(matchers);
        stages = List.copyOf(stages);
    }
}
