package io.vrguard.enforcer.core;

/**
 * A CFS bandwidth cap in canonical form {@code "QUOTA PERIOD"} or {@code "max PERIOD"} (µs), as cgroup v2
 * {@code cpu.max} prints it. Bounds are libvirt's: period 1000..1000000, quota at least 1000.
 */
public record CpuQuota(Long quotaUs, long periodUs) {
    public static final long MIN_PERIOD = 1_000;
    public static final long MAX_PERIOD = 1_000_000;
    public static final long MIN_QUOTA = 1_000;
    public static final long MAX_QUOTA = 17_592_186_044_415L;

    public boolean unlimited() {
        return quotaUs == null;
    }

    /** CPUs' worth of time the cap allows, for step checks; infinite when unlimited. */
    public double cpus() {
        return unlimited() ? Double.POSITIVE_INFINITY : (double) quotaUs / periodUs;
    }

    public String canonical() {
        return (unlimited() ? "max" : Long.toString(quotaUs)) + " " + periodUs;
    }

    /** Parses {@code "QUOTA PERIOD"}, {@code "max PERIOD"}, or {@code "max"} (keeping {@code currentPeriod}). */
    public static CpuQuota parse(String text, long currentPeriod) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\s+");
        if (parts.length == 0 || parts.length > 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("quota '" + text + "' is not 'QUOTA_US PERIOD_US' or 'max'");
        }
        long period = parts.length == 2 ? number(parts[1], text) : currentPeriod;
        Long quota = parts[0].equals("max") ? null : number(parts[0], text);
        return new CpuQuota(quota, period);
    }

    public boolean inRange() {
        return periodUs >= MIN_PERIOD && periodUs <= MAX_PERIOD
                && (quotaUs == null || (quotaUs >= MIN_QUOTA && quotaUs <= MAX_QUOTA));
    }

    private static long number(String digits, String whole) {
        if (digits.length() > 18 || !Digits.ascii(digits)) {
            throw new IllegalArgumentException("quota '" + whole + "': '" + digits + "' is not a number of µs");
        }
        return Long.parseLong(digits);
    }
}
