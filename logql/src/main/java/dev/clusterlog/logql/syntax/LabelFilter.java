package dev.clusterlog.logql.syntax;

import dev.clusterlog.core.query.LabelMatcher;

/** A label filter expression: predicates combined with {@code and} (also {@code ,} or a space) and {@code or}. */
public sealed interface LabelFilter {

    enum Cmp {
        EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

        private final String text;

        Cmp(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public boolean test(double a, double b) {
            return switch (this) {
                case EQ -> a == b;
                case NEQ -> a != b;
                case GT -> a > b;
                case GTE -> a >= b;
                case LT -> a < b;
                case LTE -> a <= b;
            };
        }
    }

    record And(LabelFilter left, LabelFilter right) implements LabelFilter {
    }

    record Or(LabelFilter left, LabelFilter right) implements LabelFilter {
    }

    /** {@code name="v"}, {@code !=}, {@code =~}, {@code !~}. */
    record StringFilter(LabelMatcher matcher) implements LabelFilter {
    }

    record NumberFilter(String name, Cmp cmp, double value) implements LabelFilter {
    }

    record DurationFilter(String name, Cmp cmp, long nanos) implements LabelFilter {
    }

    record BytesFilter(String name, Cmp cmp, long bytes) implements LabelFilter {
    }

    /** {@code name = ip("192.168.0.0/16")} or {@code !=}. */
    record IpFilter(String name, boolean negated, String pattern) implements LabelFilter {
    }
}
