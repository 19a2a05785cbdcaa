package io.vrguard.protocol;

/**
 * What happened to one setting.
 *
 * @param before    the value the kernel held before
 * @param after     the value read back after writing (equals before when nothing was written)
 * @param method    how it was written: {@code cgroupfs}, {@code virsh}, {@code systemd-dbus}, {@code procfs},
 *                  {@code sysfs}, or {@code none}
 * @param outcome   {@code noop}, {@code changed}, {@code would_change}, {@code rejected} or {@code failed}
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
        String detail) {
}
