package io.vrguard.enforcer.core;

/**
 * Kernel ranges of cgroup CPU shares (v1) and weight (v2), and systemd's conversion between them
 * ({@code cgroup_cpu_shares_to_weight}: integer division, then clamp), which libvirt and systemd hosts agree on.
 */
public final class CpuShares {
    public static final long MIN_SHARES = 2;
    public static final long MAX_SHARES = 262_144;
    public static final long MIN_WEIGHT = 1;
    public static final long MAX_WEIGHT = 10_000;

    private CpuShares() {
    }

    public static long toWeight(long shares) {
        return clamp(shares * 100 / 1024, MIN_WEIGHT, MAX_WEIGHT);
    }

    public static long toShares(long weight) {
        return clamp(weight * 1024 / 100, MIN_SHARES, MAX_SHARES);
    }

    public static boolean sharesInRange(long shares) {
        return shares >= MIN_SHARES && shares <= MAX_SHARES;
    }

    public static boolean weightInRange(long weight) {
        return weight >= MIN_WEIGHT && weight <= MAX_WEIGHT;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
