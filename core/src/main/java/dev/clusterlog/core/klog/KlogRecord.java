package dev.clusterlog.core.klog;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One parsed klog header and where its message is. Mutable and reused by
 * {@link KlogHeaderParser}, so that parsing many lines does not allocate.
 *
 * <p>The source file and the message are not copied: they are offsets into {@link #buf}, the
 * caller's line buffer, and are valid only while the caller keeps that buffer unchanged. klog
 * writes no year and no zone (the header is the writer's local wall clock), so the instant is
 * resolved by the reader with {@link #epochNanos(int, ZoneId)} or
 * {@link #epochNanosNear(long, ZoneId)}. Not thread-safe.
 */
public final class KlogRecord {
    public KlogSeverity severity;
    public int month;
    public int day;
    public int hour;
    public int minute;
    public int second;
    public int microsecond;
    /** The thread id field; klog writes the process id there. */
    public long threadId;
    /** The line buffer the offsets below point into (the caller's, not copied). */
    public byte[] buf;
    /** The source file name, a base name or {@code dir/file} with klog's {@code -add_dir_header}. */
    public int sourceFileOffset;
    public int sourceFileLength;
    public int sourceLine;
    /** The message after {@code "] "}, without the line's trailing {@code \n}. */
    public int messageOffset;
    public int messageLength;

    /** The source file as a string (slow paths and tests). */
    public String sourceFile() {
        return new String(buf, sourceFileOffset, sourceFileLength, StandardCharsets.UTF_8);
    }

    /** The message bytes as a new array (slow paths and tests). */
    public byte[] message() {
        return java.util.Arrays.copyOfRange(buf, messageOffset, messageOffset + messageLength);
    }

    /**
     * The instant of the header's wall-clock time in {@code year} and {@code zone}.
     *
     * @throws java.time.DateTimeException when the date does not exist in that year (February 29)
     */
    public long epochNanos(int year, ZoneId zone) {
        ZonedDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, microsecond * 1000).atZone(zone);
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * The instant of the header's time in the year that puts it closest to {@code referenceEpochNanos}
     * (for example the time the line was read): a line stamped Dec 31 read on Jan 1 belongs to the
     * previous year. A February 29 that exists in none of the three candidate years (impossible
     * for real klog output) throws.
     */
    public long epochNanosNear(long referenceEpochNanos, ZoneId zone) {
        long referenceSeconds = Math.floorDiv(referenceEpochNanos, 1_000_000_000L);
        int year = java.time.Instant.ofEpochSecond(referenceSeconds).atZone(zone).getYear();
        long best = 0;
        long bestDistance = Long.MAX_VALUE;
        java.time.DateTimeException failure = null;
        for (int candidate = year - 1; candidate <= year + 1; candidate++) {
            try {
                long nanos = epochNanos(candidate, zone);
                long distance = Math.abs(nanos - referenceEpochNanos);
                if (distance < bestDistance) {
                    best = nanos;
                    bestDistance = distance;
                }
            } catch (java.time.DateTimeException e) {
                failure = e;
            }
        }
        if (bestDistance == Long.MAX_VALUE) {
            throw failure;
        }
        return best;
    }
}
