package dev.clusterlog.logql.syntax;

import java.util.List;

/**
 * The label matching of a binary operation between vectors: {@code on (labels)} or
 * {@code ignoring (labels)}, optionally with {@code group_left (include)} or
 * {@code group_right (include)}.
 */
public record VectorMatching(boolean on, List<String> labels, Card card, List<String> include) {
    public enum Card { ONE_TO_ONE, GROUP_LEFT, GROUP_RIGHT }

    public VectorMatching {
        labels = List.copyOf(labels);
        include = List.copyOf(include);
    }
}
