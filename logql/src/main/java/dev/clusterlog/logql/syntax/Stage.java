package dev.clusterlog.logql.syntax;

import dev.clusterlog.core.query.LabelMatcher;
import java.util.List;

/** One stage of a log pipeline, in the order written. */
public sealed interface Stage {

    enum FilterOp {
        CONTAINS("|="), NOT_CONTAINS("!="), MATCHES("|~"), NOT_MATCHES("!~"), PATTERN("|>"), NOT_PATTERN("!>");

        private final String text;

        FilterOp(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public boolean negated() {
            return this == NOT_CONTAINS || this == NOT_MATCHES || this == NOT_PATTERN;
        }
    }

    /** A value of a line filter: a string, or {@code ip("...")}. */
    record FilterValue(String value, boolean ip) {
    }

    /** {@code |= "a" or "b"}: the line passes when any value matches (or, when negated, none does). */
    record LineFilter(FilterOp op, List<FilterValue> values) implements Stage {
        public LineFilter {
            values = List.copyOf(values);
        }
    }

    /** {@code label="expression"} of json or logfmt; a null expression extracts the key of that name. */
    record Extraction(String label, String expression) {
    }

    record Json(List<Extraction> extractions) implements Stage {
        public Json {
            extractions = List.copyOf(extractions);
        }
    }

    record Logfmt(boolean strict, boolean keepEmpty, List<Extraction> extractions) implements Stage {
        public Logfmt {
            extractions = List.copyOf(extractions);
        }
    }

    record Regexp(String regex) implements Stage {
    }

    record Pattern(String pattern) implements Stage {
    }

    record Unpack() implements Stage {
    }

    record LabelFilterStage(LabelFilter filter) implements Stage {
    }

    record LineFormat(String template) implements Stage {
    }

    /** {@code dst=src} (rename) or {@code dst="template"}. */
    record LabelFormatItem(String dst, String value, boolean template) {
    }

    record LabelFormat(List<LabelFormatItem> items) implements Stage {
        public LabelFormat {
            items = List.copyOf(items);
        }
    }

    /** A {@code drop}/{@code keep} item: a label name alone (matcher null) or a matcher on it. */
    record NamedMatcher(String name, LabelMatcher matcher) {
    }

    record Drop(List<NamedMatcher> items) implements Stage {
        public Drop {
            items = List.copyOf(items);
        }
    }

    record Keep(List<NamedMatcher> items) implements Stage {
        public Keep {
            items = List.copyOf(items);
        }
    }

    record Decolorize() implements Stage {
    }
}
