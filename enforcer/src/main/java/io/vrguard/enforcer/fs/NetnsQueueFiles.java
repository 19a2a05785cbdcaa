package io.vrguard.enforcer.fs;

import io.vrguard.discovery.NetnsRef;
import io.vrguard.discovery.SafePaths;
import io.vrguard.enforcer.core.KnobException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Queue files of another network namespace. sysfs shows the devices of the namespace of the process that mounted
 * it, and a multithreaded JVM cannot setns into a mount namespace, so a small helper process does it: for an
 * iproute2-named namespace {@code ip netns exec NAME} (which mounts a fresh sysfs for that namespace), for a pid
 * {@code nsenter --net} plus a private mount namespace with its own sysfs mount. The shell script is a constant;
 * names and values travel as positional arguments after checking, never inside the script text.
 */
final class NetnsQueueFiles implements QueueFiles {
    private static final String LIST = "cd /sys/class/net/\"$1\"/queues && for q in \"$2\"-*; do "
            + "[ -d \"$q\" ] && echo \"$q\"; done; true";
    private static final String READ = "cat /sys/class/net/\"$1\"/queues/\"$2\"/\"$3\"";
    private static final String WRITE = "printf '%s\\n' \"$4\" > /sys/class/net/\"$1\"/queues/\"$2\"/\"$3\"";
    private static final String MOUNT_SYSFS = "mount -t sysfs sysfs /sys && ";

    private final NetnsRef netns;
    private final ProcessRunner runner;

    NetnsQueueFiles(NetnsRef netns, ProcessRunner runner) {
        if (netns.isHost()) {
            throw new IllegalArgumentException("the host namespace needs no helper");
        }
        this.netns = netns;
        this.runner = runner;
    }

    @Override
    public List<String> queues(String iface, String prefix) throws KnobException {
        if (!prefix.equals("rx") && !prefix.equals("tx")) {
            throw new IllegalArgumentException("queue prefix " + prefix);
        }
        String out = runner.run(argv(LIST, SafePaths.interfaceName(iface), prefix));
        return Arrays.stream(out.split("\n")).map(String::strip).filter(q -> QUEUE.matcher(q).matches())
                .sorted(Comparator.comparingInt(QueueFiles::queueNumber)).toList();
    }

    @Override
    public String read(String iface, String queue, String file) throws KnobException {
        QueueFiles.checkNames(queue, file);
        return runner.run(argv(READ, SafePaths.interfaceName(iface), queue, file)).strip();
    }

    @Override
    public void write(String iface, String queue, String file, String value) throws KnobException {
        QueueFiles.checkNames(queue, file);
        QueueFiles.checkMask(value); // checked when the command was planned (QueueMaskKnob.validate); kept as a guard
        runner.run(argv(WRITE, SafePaths.interfaceName(iface), queue, file, value));
    }

    @Override
    public String method() {
        return "sysfs-netns";
    }

    /** The helper command line for {@code script} with its positional arguments. */
    List<String> argv(String script, String... args) {
        List<String> argv = new ArrayList<>();
        if (netns.name() != null) {
            argv.addAll(List.of("ip", "netns", "exec", SafePaths.vrName(netns.name()), "sh", "-c", script, "sh"));
        } else {
            argv.addAll(List.of("nsenter", "--target", Integer.toString(netns.pid()), "--net", "--",
                    "unshare", "--mount", "--propagation", "private", "sh", "-c", MOUNT_SYSFS + script, "sh"));
        }
        argv.addAll(List.of(args));
        return argv;
    }
}
