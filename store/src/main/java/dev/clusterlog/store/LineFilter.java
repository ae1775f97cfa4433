package dev.clusterlog.store;

/** A predicate on a line's bytes, run during the scan. Must not keep or modify {@code buf}. */
@FunctionalInterface
public interface LineFilter {
    boolean test(byte[] buf, int offset, int length);
}
