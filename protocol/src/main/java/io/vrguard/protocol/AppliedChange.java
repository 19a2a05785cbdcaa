package io.vrguard.protocol;

/**
 * What happened to one setting.
 *
 * @param before          the value the kernel held before
 * @param after           the value read back after writing (equals before when nothing was written)
 * @param method          how it was written: {@code cgroupfs}, {@code virsh}, {@code systemd-dbus}, {@code procfs},
 *                        {@code sysfs}, {@code sysfs-netns}, or {@code none}
 * @param outcome         {@code noop}, {@code changed}, {@code would_change}, {@code rejected} or {@code failed}
 * @param effectiveBefore where the kernel uses other than it was told, what it used before the write: for
 *                        {@code irq_affinity}, the IRQ's {@code effective_affinity_list} (x86 programs one CPU of the
 *                        allowed ones); null for other settings or when the kernel does not say
 * @param effectiveAfter  the same after the write
 */
public record AppliedChange(
        String router,
        Setting setting,
        String target,
        String requested,
        String before,
        String after,
        String method,
        String outcome,
        String detail,
        String effectiveBefore,
        String effectiveAfter) {

    /** A change with no effective value apart from its value (every setting but {@code irq_affinity}). */
    public AppliedChange(String router, Setting setting, String target, String requested, String before, String after,
            String method, String outcome, String detail) {
        this(router, setting, target, requested, before, after, method, outcome, detail, null, null);
    }
}
