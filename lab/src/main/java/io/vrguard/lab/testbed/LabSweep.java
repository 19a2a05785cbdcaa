package io.vrguard.lab.testbed;

import io.vrguard.lab.core.LabNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes everything a lab left behind, found by its prefix only: processes whose name starts with {@code vrgl-},
 * network namespaces {@code vrgl-*} (their veths and tuns go with them), {@code vrgl*} interfaces in the host
 * namespace, the {@code vrglab} cgroup trees (tasks killed first, then removed bottom-up) and the run directory.
 * Nothing without the prefix is touched.
 */
public final class LabSweep {
    private final Path proc;
    private final Path cgroupRoot;
    private final Path runRoot;

    public LabSweep(Path proc, Path cgroupRoot, Path runRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
        this.runRoot = runRoot;
    }

    /** What one sweep removed, for the clean command's output. */
    public record Report(List<String> removed, List<String> failures) {
        public boolean clean() {
            return failures.isEmpty();
        }
    }

    public Report sweep() {
        List<String> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        killProcesses(removed);
        for (String ns : netns()) {
            record(Sh.tryRun("ip", "netns", "del", ns), "netns " + ns, removed, failures);
        }
        for (String link : hostLinks()) {
            record(Sh.tryRun("ip", "link", "del", link), "interface " + link, removed, failures);
        }
        for (Path base : cgroupBases()) {
            removeCgroupTree(base, removed, failures);
        }
        deleteTree(runRoot, removed, failures);
        return new Report(removed, failures);
    }

    /** Prefixed leftovers still present (used by tests and by clean's final check). */
    public List<String> leftovers() {
        List<String> left = new ArrayList<>();
        labPids().forEach(pid -> left.add("process " + pid));
        netns().forEach(ns -> left.add("netns " + ns));
        hostLinks().forEach(l -> left.add("interface " + l));
        cgroupBases().forEach(b -> left.add("cgroup " + b));
        if (Files.exists(runRoot)) {
            left.add("directory " + runRoot);
        }
        return left;
    }

    private void killProcesses(List<String> removed) {
        Set<Long> signalled = new LinkedHashSet<>();
        // A SIGKILLed helper may sit a while in the kernel (closing its tun, leaving its netns) before it is gone.
        for (int round = 0; round < 100; round++) {
            List<Long> pids = labPids();
            if (pids.isEmpty()) {
                break;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
                if (h.destroyForcibly()) {
                    signalled.add(pid);
                }
            }));
            sleep(100);
        }
        signalled.forEach(pid -> removed.add("process " + pid));
    }

    /** Processes whose comm starts with the lab prefix. */
    public List<Long> labPids() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(proc)) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    if (Files.readString(p.resolve("comm")).startsWith(LabNames.PROCESS_PREFIX) && !isZombie(p)) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // exited meanwhile
                }
            });
        } catch (IOException e) {
            throw new LabException("cannot list " + proc, e);
        }
        return pids;
    }

    /** A zombie has already exited and holds nothing but its pid until its parent reaps it; it cannot be killed. */
    private static boolean isZombie(Path procPid) throws IOException {
        String stat = Files.readString(procPid.resolve("stat"));
        int afterComm = stat.lastIndexOf(')');
        return afterComm > 0 && stat.length() > afterComm + 2 && stat.charAt(afterComm + 2) == 'Z';
    }

    private static List<String> netns() {
        try (Stream<Path> s = Files.list(Path.of("/run/netns"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(LabNames.PREFIX + "-")).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> hostLinks() {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(LabNames.PREFIX)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private List<Path> cgroupBases() {
        try (Stream<Path> s = Files.list(cgroupRoot)) {
            return s.map(h -> h.resolve(LabNames.CGROUP_BASE)).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void removeCgroupTree(Path base, List<String> removed, List<String> failures) {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(base)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        } catch (IOException e) {
            failures.add("cgroup " + base + ": " + e.getMessage());
            return;
        }
        for (Path dir : dirs) {
            removeCgroup(dir, failures);
        }
        if (Files.notExists(base)) {
            removed.add("cgroup " + base);
        }
    }

    /** Kills the group's tasks (all of them are the lab's), then rmdir, retrying while dying tasks linger. */
    private static void removeCgroup(Path dir, List<String> failures) {
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                for (String line : Files.readAllLines(dir.resolve("tasks"))) {
                    if (!line.isBlank()) {
                        ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                Files.delete(dir); // rmdir of a cgroup: its control files go with it
                return;
            } catch (IOException e) {
                if (Files.notExists(dir)) {
                    return;
                }
                sleep(50);
            }
        }
        failures.add("cgroup " + dir + " is still busy");
    }

    private static void deleteTree(Path root, List<String> removed, List<String> failures) {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            removed.add("directory " + root);
        } catch (IOException e) {
            failures.add("directory " + root + ": " + e.getMessage());
        }
    }

    private static void record(Sh.Result r, String what, List<String> removed, List<String> failures) {
        (r.exit() == 0 ? removed : failures).add(r.exit() == 0 ? what : what + ": " + r.output().strip());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
