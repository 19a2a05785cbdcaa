package io.vrguard.collector.core;

import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure parsers for the cgroup CPU files: {@code cpu.stat} and {@code cpuacct.stat} (key/value lines, read by key
 * because kernels add keys), single numbers ({@code cpuacct.usage}, {@code cpu.shares}, {@code cpu.weight},
 * {@code cpu.cfs_*_us}), {@code cpu.max} and {@code cpuacct.usage_percpu}.
 */
public final class CgroupFiles {
    private CgroupFiles() {
    }

    /** Key/value lines from the file's bytes (this runs for every VR every sample). */
    public static Parsed<Map<String, Long>> keyValues(ByteText in) {
        Map<String, Long> values = new LinkedHashMap<>();
        int skipped = 0;
        for (; !in.atEnd(); in.nextLine()) {
            int end = in.lineEnd();
            if (in.blankUntil(end)) {
                continue;
            }
            String key = in.field(end);
            long v = in.unsigned(end);
            if (v < 0 || in.hasField(end)) {
                skipped++;
            } else {
                values.put(key, v);
            }
        }
        return new Parsed<>(values, skipped);
    }

    /** A file holding one unsigned integer (cpuacct.usage, cpu.shares, cpu.weight); -1 when it is not one. */
    public static long singleUnsigned(ByteText in) {
        int end = in.lineEnd();
        long v = in.unsigned(end);
        if (v < 0 || in.hasField(end)) {
            return -1;
        }
        in.nextLine();
        return in.hasField(in.lineEnd()) ? -1 : v;
    }

    public static Parsed<Map<String, Long>> keyValues(Reader reader) {
        Map<String, Long> values = new LinkedHashMap<>();
        int skipped = 0;
        for (String line : Lines.read(reader)) {
            List<String> f = Lines.fields(line);
            if (f.isEmpty()) {
                continue;
            }
            long v = f.size() == 2 ? Lines.unsigned(f.get(1)) : -1;
            if (v < 0) {
                skipped++;
            } else {
                values.put(f.get(0), v);
            }
        }
        return new Parsed<>(values, skipped);
    }

    /** A file holding one integer (may be -1, as {@code cpu.cfs_quota_us} for unlimited). */
    public static long singleLong(String text) {
        String s = text.strip();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected one integer, got '" + s + "'");
        }
    }

    /** CFS bandwidth: quota per period in µs, quota null when unlimited. */
    public record Quota(Long quotaUs, long periodUs) {
    }

    /** cgroup v2 {@code cpu.max}: {@code "max 100000"} or {@code "50000 100000"}. */
    public static Quota cpuMax(String text) {
        List<String> f = Lines.fields(text);
        if (f.size() != 2) {
            throw new IllegalArgumentException("malformed cpu.max '" + text.strip() + "'");
        }
        long period = Lines.unsigned(f.get(1));
        long quota = f.get(0).equals("max") ? Long.MAX_VALUE : Lines.unsigned(f.get(0));
        if (period <= 0 || quota < 0) {
            throw new IllegalArgumentException("malformed cpu.max '" + text.strip() + "'");
        }
        return new Quota(quota == Long.MAX_VALUE ? null : quota, period);
    }

    /** cgroup v1 {@code cpu.cfs_quota_us} (-1 = unlimited) and {@code cpu.cfs_period_us}. */
    public static Quota cfs(String quotaText, String periodText) {
        long quota = singleLong(quotaText);
        long period = singleLong(periodText);
        if (period <= 0 || quota < -1) {
            throw new IllegalArgumentException("malformed CFS quota " + quota + "/" + period);
        }
        return new Quota(quota < 0 ? null : quota, period);
    }

    /** {@code cpuacct.usage_percpu}: ns per possible CPU, space separated, with a trailing space. */
    public static Parsed<List<Long>> usagePerCpu(String text) {
        List<Long> values = new java.util.ArrayList<>();
        int skipped = 0;
        for (String f : Lines.fields(text)) {
            long v = Lines.unsigned(f);
            if (v < 0) {
                skipped++;
            } else {
                values.add(v);
            }
        }
        return new Parsed<>(values, skipped);
    }
}
