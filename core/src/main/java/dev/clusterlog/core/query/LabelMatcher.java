package dev.clusterlog.core.query;

import java.util.regex.Pattern;
import dev.clusterlog.core.entry.LabelSet;

/**
 * One label matcher of a stream selector: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}.
 * Regular expressions are fully anchored, as in Prometheus and Loki. An absent label matches as
 * the empty string ({@code name=""} selects streams without the label). Immutable, thread-safe.
 */
public record LabelMatcher(String name, Type type, String value, Pattern pattern) {

    public enum Type {
        EQ("="),
        NEQ("!="),
        RE("=~"),
        NRE("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }
    }

    public static LabelMatcher of(String name, Type type, String value) {
        Pattern p = null;
        if (type == Type.RE || type == Type.NRE) {
            p = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
        }
        return new LabelMatcher(name, type, value, p);
    }

    public static LabelMatcher eq(String name, String value) {
        return of(name, Type.EQ, value);
    }

    public boolean matches(String labelValue) {
        String v = labelValue == null ? "" : labelValue;
        return switch (type) {
            case EQ -> v.equals(value);
            case NEQ -> !v.equals(value);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
        };
    }

    public boolean matches(LabelSet labels) {
        return matches(labels.get(name));
    }

    /** True when the matcher also matches the empty value (a selector needs at least one that does not). */
    public boolean matchesEmpty() {
        return matches("");
    }

    /** Equal when name, type and value are: the compiled pattern follows from them. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && name.equals(m.name) && type == m.type && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type.hashCode()) * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return name + type.operator + dev.clusterlog.core.text.GoStrings.quote(value);
    }
}
