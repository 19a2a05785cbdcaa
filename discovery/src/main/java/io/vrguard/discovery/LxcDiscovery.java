package io.vrguard.discovery;

import io.vrguard.protocol.VrKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * LXC containers from the cgroup tree: {@code lxc.payload.NAME} (LXC 4.x/5.x; {@code lxc.monitor.NAME} is the
 * monitor and ignored), {@code lxc.payload/NAME} (3.1–3.2) and {@code lxc/NAME} (≤ 3.0). The container's init pid
 * comes from the payload group's {@code cgroup.procs} (or a child's, when the container runs systemd); its
 * interfaces are read in its own network namespace through {@code /proc/PID/net/dev}, which is the VR's point of
 * view, so nothing is swapped.
 */
public final class LxcDiscovery implements VrDiscovery {
    private final CgroupScan scan;
    private final Path proc;

    public LxcDiscovery(HostRoots roots, String cgroupBase) {
        this.scan = new CgroupScan(CgroupHierarchies.detect(roots.cgroup()), cgroupBase);
        this.proc = roots.proc();
    }

    @Override
    public DiscoveryResult discover() {
        List<String> problems = new ArrayList<>();
        Map<String, String> groups = new LinkedHashMap<>();
        for (String rel : scan.find("", 1, d -> CgroupNames.containerOfPayload(d).isPresent())) {
            groups.putIfAbsent(CgroupNames.containerOfPayload(Path.of(rel).getFileName().toString()).get(), rel);
        }
        for (String start : List.of("lxc.payload", "lxc")) {
            for (String rel : scan.find(start, 1, d -> true)) {
                Path p = Path.of(rel);
                if (!p.getFileName().toString().equals(start)) {
                    groups.putIfAbsent(p.getFileName().toString(), rel);
                }
            }
        }
        List<DiscoveredVr> routers = new ArrayList<>();
        groups.forEach((name, rel) -> container(name, rel, problems).ifPresent(routers::add));
        return new DiscoveryResult(routers, problems);
    }

    private Optional<DiscoveredVr> container(String name, String rel, List<String> problems) {
        try {
            SafePaths.vrName(name);
            CgroupPlacement placement = scan.place(rel, null);
            Optional<Integer> pid = initPid(rel);
            if (pid.isEmpty()) {
                problems.add("lxc container '" + name + "': no process in " + rel + ", interfaces unknown");
                return Optional.of(new DiscoveredVr(name, VrKind.LXC, "lxc", NetnsRef.HOST, List.of(), placement,
                        null));
            }
            NetnsRef netns = NetnsRef.ofPid(pid.get());
            List<VrInterface> ifs = new ArrayList<>();
            for (String dev : deviceNames(proc.resolve(pid.get() + "/net/dev"), name, problems)) {
                ifs.add(new VrInterface(dev, netns, false));
            }
            return Optional.of(new DiscoveredVr(name, VrKind.LXC, "lxc", netns, ifs, placement, null));
        } catch (IllegalArgumentException e) {
            problems.add("lxc container '" + name + "' skipped: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The lowest live pid in the payload group or, when that is empty, in its children. */
    private Optional<Integer> initPid(String rel) {
        for (Path root : scan.roots()) {
            Path dir = root.resolve(rel);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir, 3)) {
                Optional<Integer> pid = files.filter(f -> f.getFileName().toString().equals("cgroup.procs"))
                        .flatMap(LxcDiscovery::pids)
                        .filter(p -> Files.isDirectory(proc.resolve(String.valueOf(p))))
                        .min(Integer::compare);
                if (pid.isPresent()) {
                    return pid;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // group vanished
            }
        }
        return Optional.empty();
    }

    private static Stream<Integer> pids(Path procs) {
        try {
            return Files.readAllLines(procs).stream().map(String::trim).filter(s -> s.matches("\\d{1,9}"))
                    .map(Integer::valueOf);
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** Device names from a /proc/net/dev file, loopback excluded; malformed lines are skipped and reported. */
    static List<String> deviceNames(Path netDev, String vr, List<String> problems) {
        List<String> names = new ArrayList<>();
        int skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(netDev)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                if (++n <= 2) {
                    continue;
                }
                int colon = line.indexOf(':');
                String dev = colon < 0 ? "" : line.substring(0, colon).trim();
                if (colon < 0 || line.substring(colon + 1).trim().split("\\s+").length != 16) {
                    skipped++;
                } else if (!dev.equals("lo")) {
                    names.add(SafePaths.interfaceName(dev));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.add("lxc container '" + vr + "': " + netDev + " unreadable: " + e.getMessage());
        }
        if (skipped > 0) {
            problems.add("lxc container '" + vr + "': " + skipped + " malformed line(s) skipped in " + netDev);
        }
        return names;
    }
}
