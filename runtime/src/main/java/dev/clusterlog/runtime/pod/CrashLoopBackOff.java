package dev.clusterlog.runtime.pod;

import java.time.Duration;

/**
 * kubelet's restart back-off for one container: the first restart is immediate (kubelet's
 * {@code doBackOff} finds no back-off entry yet), later ones wait {@code initial} (kubelet: 10s),
 * doubling per restart up to {@code max} (kubelet: 300s); it starts over after an instance ran
 * for {@code resetAfter} (kubelet: 10 minutes) without exiting.
 * Not thread-safe: owned by the container's runner thread.
 */
final class CrashLoopBackOff {
    public static final Duration KUBELET_INITIAL = Duration.ofSeconds(10);
    public static final Duration KUBELET_MAX = Duration.ofSeconds(300);
    public static final Duration KUBELET_RESET_AFTER = Duration.ofMinutes(10);

    private final Duration initial;
    private final Duration max;
    private final Duration resetAfter;
    private Duration last;

    public CrashLoopBackOff(Duration initial, Duration max, Duration resetAfter) {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off must satisfy 0 <= initial <= max: initial "
                    + initial + ", max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.resetAfter = resetAfter;
    }

    /** kubelet's values with another initial delay (tests); the maximum keeps kubelet's 30x ratio. */
    public static CrashLoopBackOff withInitial(Duration initial) {
        return new CrashLoopBackOff(initial, initial.multipliedBy(30), KUBELET_RESET_AFTER);
    }

    /** The delay before the next restart of an instance that ran for {@code ranFor}. */
    public Duration next(Duration ranFor) {
        if (last == null || ranFor.compareTo(resetAfter) >= 0) {
            last = Duration.ZERO;
        } else if (last.isZero()) {
            last = initial;
        } else {
            Duration doubled = last.multipliedBy(2);
            last = doubled.compareTo(max) > 0 ? max : doubled;
        }
        return last;
    }
}
