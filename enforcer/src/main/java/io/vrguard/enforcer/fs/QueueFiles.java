package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.CpuMask;
import io.vrguard.enforcer.core.KnobException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The queue files ({@code /sys/class/net/IF/queues/rx-N/rps_cpus}, {@code tx-N/xps_cpus}) of interfaces in one
 * network namespace. Every name is checked against a strict pattern first: none of them is ever a path.
 */
interface QueueFiles {
    Pattern QUEUE = Pattern.compile("(rx|tx)-[0-9]{1,5}");
    Pattern FILE = Pattern.compile("rps_cpus|xps_cpus");
    Pattern MASK = Pattern.compile("[0-9a-f,]{1," + CpuMask.MAX_TEXT + "}");

    /** Queue directory names with {@code prefix} ({@code rx} or {@code tx}), sorted by number. */
    List<String> queues(String iface, String prefix) throws KnobException;

    String read(String iface, String queue, String file) throws KnobException;

    void write(String iface, String queue, String file, String value) throws KnobException;

    /** {@code sysfs} for the host's namespace, {@code sysfs-netns} through a helper for another. */
    String method();

    static void checkNames(String queue, String file) {
        if (!QUEUE.matcher(queue).matches() || !FILE.matcher(file).matches()) {
            throw new IllegalArgumentException("refusing queue file " + queue + "/" + file);
        }
    }

    /**
     * A mask as the kernel prints it, at most as long as one for {@link io.vrguard.enforcer.core.CpuList#MAX_CPUS}
     * CPUs: the only text the helper passes on as an argument.
     */
    static void checkMask(String mask) throws KnobException {
        if (!MASK.matcher(mask).matches()) {
            throw new KnobException("refusing mask '" + (mask.length() > 40 ? mask.substring(0, 40) + "…" : mask)
                    + "' (" + mask.length() + " characters): not a hex mask of at most " + CpuMask.MAX_TEXT);
        }
    }

    static int queueNumber(String queue) {
        return Integer.parseInt(queue.substring(3));
    }
}
