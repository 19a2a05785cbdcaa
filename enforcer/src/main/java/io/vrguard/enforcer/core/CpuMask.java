package io.vrguard.enforcer.core;

import java.util.BitSet;

/**
 * The kernel's hex CPU mask ({@code %*pb}): 32-bit groups, most significant first, separated by commas, the first
 * group zero-padded to its own width and every further group to 8 digits; no {@code 0x}. The kernel refuses a
 * write with more groups than it prints (EOVERFLOW even when they are zero), so a mask is always written in the
 * exact shape ({@link Shape}) read back from the same file.
 */
public final class CpuMask {
    /** The most 32-bit groups a mask has: enough for {@link CpuList#MAX_CPUS} CPUs, as many as a real kernel prints. */
    public static final int MAX_GROUPS = CpuList.MAX_CPUS / 32;
    /** The longest mask text: {@link #MAX_GROUPS} groups of 8 digits and the commas between them. */
    public static final int MAX_TEXT = MAX_GROUPS * 9 - 1;

    private CpuMask() {
    }

    /** How the kernel printed a mask: number of groups and digits in the first group. */
    public record Shape(int groups, int firstDigits) {
        public int bits() {
            return (groups - 1) * 32 + firstDigits * 4;
        }
    }

    public static BitSet parse(String text) {
        String[] groups = groups(text);
        BitSet cpus = new BitSet();
        for (int g = 0; g < groups.length; g++) {
            long value = Long.parseLong(groups[g], 16);
            int base = (groups.length - 1 - g) * 32;
            for (int bit = 0; bit < 32; bit++) {
                if ((value >>> bit & 1L) == 1L) {
                    cpus.set(base + bit);
                }
            }
        }
        return cpus;
    }

    public static Shape shape(String text) {
        String[] groups = groups(text);
        return new Shape(groups.length, groups[0].length());
    }

    /** Formats {@code cpus} in {@code shape}; refuses a CPU the shape cannot hold (the kernel would refuse it). */
    public static String format(BitSet cpus, Shape shape) {
        if (cpus.length() > shape.bits()) {
            throw new IllegalArgumentException("CPU " + (cpus.length() - 1) + " does not fit a mask of "
                    + shape.bits() + " bits");
        }
        StringBuilder out = new StringBuilder();
        for (int g = shape.groups() - 1; g >= 0; g--) {
            long value = 0;
            for (int bit = 0; bit < 32; bit++) {
                if (cpus.get(g * 32 + bit)) {
                    value |= 1L << bit;
                }
            }
            int width = g == shape.groups() - 1 ? shape.firstDigits() : 8;
            String hex = Long.toHexString(value);
            out.append("0".repeat(Math.max(0, width - hex.length()))).append(hex);
            if (g > 0) {
                out.append(',');
            }
        }
        return out.toString();
    }

    private static String[] groups(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a CPU mask of " + trimmed.length() + " characters is longer than any "
                    + "for " + CpuList.MAX_CPUS + " CPUs");
        }
        String[] groups = trimmed.split(",", -1);
        for (int g = 0; g < groups.length; g++) {
            String group = groups[g];
            if (group.isEmpty() || group.length() > 8 || (g > 0 && group.length() != 8)
                    || !group.chars().allMatch(CpuMask::hexDigit)) {
                throw new IllegalArgumentException("'" + text + "' is not a kernel CPU mask");
            }
        }
        return groups;
    }

    /** ASCII only: Character.digit would also take fullwidth and other scripts' digits. */
    private static boolean hexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
