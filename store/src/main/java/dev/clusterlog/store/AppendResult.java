package dev.clusterlog.store;

/**
 * What an append did. {@link Status#DUPLICATE}: the source range ends at or below the source's
 * high-water mark, nothing was stored. {@link Status#OVERLAP}: the range starts below the high-water
 * mark and ends above it; nothing was stored, the sender should resend from {@link #highWaterMark()}.
 */
public record AppendResult(Status status, int entries, long bytes, long highWaterMark) {
    public enum Status { ACCEPTED, DUPLICATE, OVERLAP }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
