package dev.clusterlog.logql.syntax;

import java.util.List;

/** {@code by (a, b)} or {@code without (a, b)}; an empty list is legal ({@code by ()}). */
public record Grouping(boolean without, List<String> labels) {
    public Grouping {
        labels = List.copyOf(labels);
    }
}
