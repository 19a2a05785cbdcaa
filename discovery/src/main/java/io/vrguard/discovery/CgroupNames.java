package io.vrguard.discovery;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names that libvirt and LXC give to cgroup directories, turned back into VR names. Pure string functions.
 */
public final class CgroupNames {
    private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");
    /** libvirt machine name: {@code qemu-<domid>-<sanitized name>}. */
    private static final Pattern QEMU_MACHINE = Pattern.compile("qemu-\\d+-(.+)");

    private CgroupNames() {
    }

    /** Undoes systemd unit-name escaping ({@code \x2d} → {@code -}). */
    public static String systemdUnescape(String name) {
        Matcher m = HEX_ESCAPE.matcher(name);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code machine-qemu\x2d1\x2dvm1.scope} → {@code vm1}; empty for any other scope (e.g. libvirt-LXC). */
    public static Optional<String> domainOfScope(String dirName) {
        if (!dirName.startsWith("machine-") || !dirName.endsWith(".scope")) {
            return Optional.empty();
        }
        String machine = systemdUnescape(dirName.substring("machine-".length(), dirName.length() - ".scope".length()));
        Matcher m = QEMU_MACHINE.matcher(machine);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * {@code qemu-3-vm3.libvirt-qemu} → {@code vm3}; older libvirt used the plain domain name
     * ({@code vm4.libvirt-qemu} → {@code vm4}). A leading {@code _} escape is removed.
     */
    public static Optional<String> domainOfPartitionGroup(String dirName) {
        if (!dirName.endsWith(".libvirt-qemu")) {
            return Optional.empty();
        }
        String machine = dirName.substring(0, dirName.length() - ".libvirt-qemu".length());
        if (machine.startsWith("_")) {
            machine = machine.substring(1);
        }
        Matcher m = QEMU_MACHINE.matcher(machine);
        String name = m.matches() ? m.group(1) : machine;
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    /** {@code lxc.payload.ct1} → {@code ct1} (LXC ≥ 4.0); monitor groups and others → empty. */
    public static Optional<String> containerOfPayload(String dirName) {
        String prefix = "lxc.payload.";
        return dirName.startsWith(prefix) && dirName.length() > prefix.length()
                ? Optional.of(dirName.substring(prefix.length())) : Optional.empty();
    }

    /**
     * libvirt's machine-name sanitising ({@code virDomainDriverGenerateMachineName}): keep {@code [A-Za-z0-9-.]},
     * collapse repeated and leading {@code -}/{@code .}, trim trailing ones. Used to match a cgroup name to a
     * domain whose name had other characters.
     */
    public static String sanitizeLikeLibvirt(String name) {
        StringBuilder out = new StringBuilder();
        boolean lastSeparator = true;
        for (char c : name.toCharArray()) {
            boolean separator = c == '-' || c == '.';
            boolean keep = separator || Character.isLetterOrDigit(c) && c < 128;
            if (!keep || separator && lastSeparator) {
                continue;
            }
            out.append(c);
            lastSeparator = separator;
        }
        while (out.length() > 0 && (out.charAt(out.length() - 1) == '-' || out.charAt(out.length() - 1) == '.')) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
