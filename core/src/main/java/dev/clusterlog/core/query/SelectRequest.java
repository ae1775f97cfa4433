package dev.clusterlog.core.query;

import dev.clusterlog.core.text.ByteSearch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a query asks of an {@link EntrySource}: streams whose labels match every matcher, entries
 * with {@code startNanos <= timestamp < endNanos}, in a direction, and what the source may use to
 * read less:
 * <ul>
 *   <li>{@code limit}: entries the caller will take at most (0: no limit); a hint per stream cursor,
 *   a bound for a merged {@link EntrySource#select}.</li>
 *   <li>{@code filter}: a line predicate the caller applies anyway (for example LogQL's leading line
 *   filters); a source may drop lines it rejects, or not.</li>
 *   <li>{@code requiredSubstrings}: byte strings every line the caller keeps contains; a block index
 *   uses their words to skip blocks. Hints only: they never replace the filter.</li>
 * </ul>
 * and {@code limits}, which the source enforces (bytes scanned, time).
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
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or positive, got " + limit);
        }
    }

    public static Builder builder(List<LabelMatcher> matchers) {
        return new Builder(matchers);
    }

    /** Defaults: all time, FORWARD, no limit, no filter, {@link QueryLimits#UNLIMITED}. */
    public static final class Builder {
        private final List<LabelMatcher> matchers;
        private long start = Long.MIN_VALUE;
        private long end = Long.MAX_VALUE;
        private Direction direction = Direction.FORWARD;
        private long limit;
        private LineFilter filter;
        private final List<byte[]> required = new ArrayList<>();
        private QueryLimits limits = QueryLimits.UNLIMITED;

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

        /** Adds a line predicate (all added predicates must hold). */
        public Builder filter(LineFilter f) {
            this.filter = filter == null ? f : filter.and(f);
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
            ByteSearch search = new ByteSearch(needle);
            return filter(search::containedIn);
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
