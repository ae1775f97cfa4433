package dev.clusterlog.store.partition;

import java.time.LocalDate;
import java.util.regex.Pattern;

/** A partition's identity: tenant and UTC day (days since the epoch). Folder: {@code <tenant>/<yyyy-mm-dd>}. */
public record PartitionKey(String tenant, long day) implements Comparable<PartitionKey> {
    public static final long NANOS_PER_DAY = 86_400_000_000_000L;
    /** Tenant ids as folder names: Loki's allowed characters minus the ones a path cannot hold safely. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.\\-!*'()]{1,150}");

    public static PartitionKey of(String tenant, long timestampNanos) {
        return new PartitionKey(tenant, Math.floorDiv(timestampNanos, NANOS_PER_DAY));
    }

    public static void checkTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches() || tenant.equals(".") || tenant.equals("..")) {
            throw new IllegalArgumentException("invalid tenant id " + tenant
                    + ": expected 1..150 characters of A-Z a-z 0-9 _ . - ! * ' ( ), not . or ..");
        }
    }

    public String dayName() {
        return LocalDate.ofEpochDay(day).toString();
    }

    public static long parseDay(String name) {
        return LocalDate.parse(name).toEpochDay();
    }

    public long startNanos() {
        return day * NANOS_PER_DAY;
    }

    public long endNanos() {
        return (day + 1) * NANOS_PER_DAY;
    }

    @Override
    public int compareTo(PartitionKey o) {
        int c = Long.compare(day, o.day);
        return c != 0 ? c : tenant.compareTo(o.tenant);
    }

    @Override
    public String toString() {
        return tenant + "/" + dayName();
    }
}
