package dev.clusterlog.core.query;

/** A predicate on a line's bytes, run during a scan. Must not keep or modify {@code buf}; thread-safe. */
@FunctionalInterface
public interface LineFilter {
    boolean test(byte[] buf, int offset, int length);

    default LineFilter and(LineFilter other) {
        return (b, o, l) -> test(b, o, l) && other.test(b, o, l);
    }
}
