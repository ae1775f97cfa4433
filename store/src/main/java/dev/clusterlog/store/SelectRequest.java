package dev.clusterlog.store;

import dev.clusterlog.core.text.ByteSearch;

import dev.clusterlog.core.query.LabelMatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A log query for the store: streams by label matchers, entries in {@code [startNanos, endNanos)},
 * in a direction, at most {@code limit} of them, optionally kept only when {@code filter} accepts the
 * line. {@code requiredSubstrings} are pushdown hints: byte strings every returned line is known to
 * contain (for example the literals of {@code |= "..."} filters); the block index uses their whole
 * words to skip blocks. They are hints only: the filter must still test for them.
 */
public record SelectRequest(List<LabelMatcher> matchers, long startNanos, long endNanos, Direction direction,
                            long limit, LineFilter filter, List<byte[]> requiredSubstrings, QueryLimits limits) {
    public SelectRequest {
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(direction, "direction");
        requiredSubstrings = List.copyOf(requiredSubstrings);
        Objects.requireNonNull(limits, "limits");
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("end " + endNanos + " is before start " + startNanos);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    public static Builder builder(List<LabelMatcher> matchers) {
        return new Builder(matchers);
    }

    /** Defaults: all time, FORWARD, no limit, no filter, {@link QueryLimits#DEFAULT}. */
    public static final class Builder {
        private final List<LabelMatcher> matchers;
        private long start = Long.MIN_VALUE;
        private long end = Long.MAX_VALUE;
        private Direction direction = Direction.FORWARD;
        private long limit = Long.MAX_VALUE;
        private LineFilter filter;
        private final List<byte[]> required = new ArrayList<>();
        private QueryLimits limits = QueryLimits.DEFAULT;

        private Builder(List<LabelMatcher> matchers) {
            this.matchers = matchers;
        }

        public Builder range(long startNanos, long endNanos) {
            this.start = startNanos;
            this.end = endNanos;
            return this;
        }

        public Builder direction(Direction d) {
            this.direction = d;
            return this;
        }

        public Builder limit(long n) {
            this.limit = n;
            return this;
        }

        public Builder filter(LineFilter f) {
            this.filter = f;
            return this;
        }

        public Builder requireSubstring(byte[] s) {
            required.add(s.clone());
            return this;
        }

        /** A required literal and the filter for it at once: lines must contain {@code s}. */
        public Builder contains(String s) {
            byte[] needle = s.getBytes(StandardCharsets.UTF_8);
            requireSubstring(needle);
            LineFilter prev = filter;
            ByteSearch search = new ByteSearch(needle);
            LineFilter f = search::containedIn;
            filter = prev == null ? f : (b, o, l) -> prev.test(b, o, l) && f.test(b, o, l);
            return this;
        }

        public Builder limits(QueryLimits l) {
            this.limits = l;
            return this;
        }

        public SelectRequest build() {
            return new SelectRequest(matchers, start, end, direction, limit, filter, required, limits);
        }
    }
}
