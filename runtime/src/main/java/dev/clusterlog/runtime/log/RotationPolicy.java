package dev.clusterlog.runtime.log;

import dev.clusterlog.core.units.ByteSizes;
import java.time.Duration;

/**
 * kubelet's container log rotation settings ({@code containerLogMaxSize}, {@code containerLogMaxFiles},
 * {@code containerLogMonitorInterval}), validated with kubelet's messages.
 *
 * <p>kubelet requires a monitor interval of at least 3s; this runtime accepts any positive
 * interval so that tests can rotate many times per second. A negative {@code maxSizeBytes}
 * disables rotation, as in kubelet.
 */
public record RotationPolicy(long maxSizeBytes, int maxFiles, Duration monitorInterval) {
    public static final long DEFAULT_MAX_SIZE = 10L << 20;
    public static final int DEFAULT_MAX_FILES = 5;
    public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(10);

    public RotationPolicy {
        if (maxFiles <= 1) {
            throw new IllegalArgumentException("invalid MaxFiles " + maxFiles + ", must be > 1");
        }
        if (monitorInterval.isNegative() || monitorInterval.isZero()) {
            throw new IllegalArgumentException("invalid configuration: containerLogMonitorInterval must be a"
                    + " positive time duration, got " + monitorInterval);
        }
    }

    /**
     * {@code containerLogMaxSize} as kubelet reads it: a Kubernetes quantity ({@code 10Mi}, {@code 512Ki},
     * {@code 1M}, {@code -1}) in bytes, fractions rounded up.
     *
     * @throws IllegalArgumentException {@code failed to parse container log max size "TEXT": ...}, kubelet's lead
     */
    public static long parseMaxSize(String quantity) {
        try {
            return ByteSizes.parseQuantity(quantity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("failed to parse container log max size \"" + quantity + "\": "
                    + e.getMessage(), e);
        }
    }

    public static RotationPolicy defaults() {
        return new RotationPolicy(DEFAULT_MAX_SIZE, DEFAULT_MAX_FILES, DEFAULT_MONITOR_INTERVAL);
    }

    public boolean enabled() {
        return maxSizeBytes >= 0;
    }
}
