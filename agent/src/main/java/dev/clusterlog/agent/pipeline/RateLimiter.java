package dev.clusterlog.agent.pipeline;

/** A token bucket on an injected clock; not thread-safe (one per container, used on the tailer thread). */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = Long.MIN_VALUE;

    public RateLimiter(double perSecond, double burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    public boolean tryAcquire(long nowNanos) {
        if (last != Long.MIN_VALUE) {
            tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        }
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
