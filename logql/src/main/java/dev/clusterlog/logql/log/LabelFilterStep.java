package dev.clusterlog.logql.log;

import dev.clusterlog.logql.syntax.ByteSizes;
import dev.clusterlog.logql.syntax.Durations;
import dev.clusterlog.logql.syntax.IpPatterns;
import dev.clusterlog.logql.syntax.LabelFilter;

/**
 * Label filters. A number, duration or byte comparison on a value that does not convert keeps the
 * entry and marks it {@code __error__=LabelFilterErr} (as Loki does, so the user sees why); an
 * absent label fails the comparison.
 */
final class LabelFilterStep implements Step {
    private final Node root;

    private interface Node {
        boolean test(LogEntry e);
    }

    LabelFilterStep(LabelFilter f) {
        this.root = compile(f);
    }

    static boolean test(LabelFilter f, LogEntry e) {
        return compile(f).test(e);
    }

    @Override
    public boolean apply(LogEntry e) {
        return root.test(e);
    }

    private static Node compile(LabelFilter f) {
        return switch (f) {
            case LabelFilter.And a -> {
                Node l = compile(a.left());
                Node r = compile(a.right());
                yield e -> l.test(e) && r.test(e);
            }
            case LabelFilter.Or o -> {
                Node l = compile(o.left());
                Node r = compile(o.right());
                yield e -> l.test(e) || r.test(e);
            }
            case LabelFilter.StringFilter s -> e -> s.matcher().matches(e.label(s.matcher().name()));
            case LabelFilter.NumberFilter n -> e -> compare(e, n.name(), n.cmp(), n.value(), Kind.NUMBER);
            case LabelFilter.DurationFilter d -> e -> compare(e, d.name(), d.cmp(), d.nanos(), Kind.DURATION);
            case LabelFilter.BytesFilter b -> e -> compare(e, b.name(), b.cmp(), b.bytes(), Kind.BYTES);
            case LabelFilter.IpFilter ip -> {
                IpPatterns p = IpPatterns.parse(ip.pattern());
                yield e -> {
                    String v = e.labels().get(ip.name());
                    boolean m = v != null && p.matches(v);
                    return ip.negated() != m;
                };
            }
        };
    }

    private enum Kind { NUMBER, DURATION, BYTES }

    private static boolean compare(LogEntry e, String name, LabelFilter.Cmp cmp, double want, Kind kind) {
        if (e.hasError()) {
            return true;
        }
        String v = e.labels().get(name);
        if (v == null) {
            return false;
        }
        double got;
        switch (kind) {
            case NUMBER -> {
                try {
                    got = Double.parseDouble(v.trim());
                } catch (NumberFormatException ex) {
                    e.setError("LabelFilterErr", "strconv.ParseFloat: parsing \"" + v + "\": invalid syntax");
                    return true;
                }
            }
            case DURATION -> {
                long n = Durations.parse(v.trim());
                if (n == Long.MIN_VALUE) {
                    e.setError("LabelFilterErr", "time: invalid duration \"" + v + "\"");
                    return true;
                }
                got = n;
            }
            default -> {
                long b = ByteSizes.parse(v.trim());
                if (b < 0) {
                    e.setError("LabelFilterErr", "strconv.ParseFloat: parsing \"" + v + "\": invalid syntax");
                    return true;
                }
                got = b;
            }
        }
        return cmp.test(got, want);
    }
}
