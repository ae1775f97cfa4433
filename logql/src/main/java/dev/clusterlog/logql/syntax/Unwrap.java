package dev.clusterlog.logql.syntax;

import java.util.List;

/**
 * {@code | unwrap label}, {@code | unwrap bytes(label)}, {@code duration(label)} or
 * {@code duration_seconds(label)}, followed only by label filters.
 */
public record Unwrap(Conversion conversion, String label, List<LabelFilter> postFilters) {
    public enum Conversion {
        NONE(""), BYTES("bytes"), DURATION("duration"), DURATION_SECONDS("duration_seconds");

        private final String function;

        Conversion(String function) {
            this.function = function;
        }

        public String function() {
            return function;
        }
    }

    public Unwrap {
        postFilters = List.copyOf(postFilters);
    }
}
