package io.vrguard.collector.fs;

import io.vrguard.collector.core.CgroupReading;
import io.vrguard.collector.core.HostReading;
import io.vrguard.collector.core.IfKey;
import io.vrguard.collector.core.IfReading;
import io.vrguard.collector.core.NetDevCounters;
import io.vrguard.collector.core.Parsed;
import io.vrguard.collector.core.ProcStatParser;
import io.vrguard.collector.core.SoftirqsParser;
import io.vrguard.collector.core.SoftnetParser;
import io.vrguard.collector.core.VrReading;
import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.NetnsRef;
import io.vrguard.discovery.VrDiscovery;
import io.vrguard.discovery.VrInterface;
import io.vrguard.protocol.SampleProblem;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Reads one {@link HostReading} from the host (or a fixture tree): per-CPU files, each VR's interfaces (one
 * /proc/net/dev read per namespace) and cgroup. The VR list and device topology (IRQs, RPS masks) come from
 * discovery, refreshed every {@code refreshEvery} reads rather than every sample, because they change rarely and
 * cost far more than the counters; so are each VR's cpuset and each named namespace's pid. Shares, weight and quota,
 * which the enforcer changes, are read every {@code settingsEvery} reads (at most a second apart). Nothing here throws
 * for one bad source: it becomes a {@link SampleProblem}.
 */
public final class HostReader {
    private final HostRoots roots;
    private final VrDiscovery discovery;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final int refreshEvery;
    private final int settingsEvery;
    private final NetnsCounters netns;
    private final CgroupReader cgroups = new CgroupReader();
    private final DeviceTopology topology;
    private List<DiscoveredVr> routers = List.of();
    private List<String> discoveryProblems = List.of();
    private final Map<String, DeviceTopology.Topology> topologies = new HashMap<>();
    private final Map<String, List<Integer>> cpusets = new HashMap<>();
    private int reads;
    private final Map<String, Set<String>> hostPeers = new HashMap<>();
    private Map<SysfsView, Boolean> sysfsViews = Map.of();
    private static final DeviceTopology.Topology NO_TOPOLOGY = new DeviceTopology.Topology(List.of(), List.of());

    /** A reader that reads cgroup settings with every sample. */
    public HostReader(HostRoots roots, VrDiscovery discovery, Clock clock, LongSupplier monotonic, int refreshEvery) {
        this(roots, discovery, clock, monotonic, refreshEvery, 1);
    }

    public HostReader(HostRoots roots, VrDiscovery discovery, Clock clock, LongSupplier monotonic, int refreshEvery,
            int settingsEvery) {
        this.roots = roots;
        this.discovery = discovery;
        this.clock = clock;
        this.monotonic = monotonic;
        this.refreshEvery = Math.max(1, refreshEvery);
        this.settingsEvery = Math.max(1, settingsEvery);
        this.netns = new NetnsCounters(roots);
        this.topology = new DeviceTopology(roots);
    }

    public synchronized HostReading read() {
        boolean settingsDue = reads % settingsEvery == 0;
        if (reads++ % refreshEvery == 0) {
            refresh(); // forgets all settings: they are read again below
        }
        List<SampleProblem> problems = new ArrayList<>();
        discoveryProblems.forEach(p -> problems.add(new SampleProblem("discovery", p, 0)));
        long mono = monotonic.getAsLong();
        var wall = clock.instant();
        var softirqs = file("softirqs", SoftirqsParser::parse, problems);
        var softnet = file("net/softnet_stat", SoftnetParser::parse, problems);
        var stat = file("stat", ProcStatParser::parse, problems);
        Map<NetnsRef, NetnsCounters.Devices> devices = new HashMap<>();
        List<VrReading> vrs = new ArrayList<>();
        for (DiscoveredVr vr : routers) {
            vrs.add(vr(vr, devices, settingsDue, problems));
        }
        return new HostReading(mono, wall, softirqs, softnet, stat, vrs, problems);
    }

    private void refresh() {
        VrDiscovery.DiscoveryResult result = discovery.discover();
        routers = result.routers();
        discoveryProblems = result.problems();
        topologies.clear();
        cpusets.clear();
        cgroups.refreshed();
        netns.revalidate();
        var interrupts = topology.interrupts();
        Map<NetnsRef, Optional<Path>> sysOf = new HashMap<>();
        Map<SysfsView, Boolean> checked = new HashMap<>();
        hostPeers.clear();
        Map<String, Optional<NamespaceSysfs.Link>> hostLinks = new HashMap<>();
        for (DiscoveredVr vr : routers) {
            if (!vr.cgroup().isEmpty()) {
                cpusets.put(vr.name(), cgroups.cpuset(vr.cgroup()));
            }
            for (VrInterface i : vr.interfaces()) {
                if (i.netns().isHost()) {
                    topologies.put(key(vr, i), topology.of(i.name(), interrupts));
                } else {
                    Optional<Path> sys = sysOf.computeIfAbsent(i.netns(), ns -> namespaceSysfs(ns, checked));
                    if (sys.isEmpty()) {
                        continue;
                    }
                    topologies.put(key(vr, i), topology.of(sys.get(), i.name(), List.of()));
                    hostPeer(vr, sys.get(), i, hostLinks)
                            .ifPresent(peer -> hostPeers.computeIfAbsent(vr.name(), n -> new HashSet<>()).add(peer));
                }
            }
        }
        sysfsViews = checked; // views of namespaces that went are forgotten
    }

    /**
     * The VR's own host-side device that is the other end of its namespaced veth {@code inside}, if any. Only the
     * VR's host-side devices are candidates, so only theirs are read (not every device of the host, which cost a
     * few hundred reads per refresh on a host with 64 VRs), and nothing when it has none.
     */
    private Optional<String> hostPeer(DiscoveredVr vr, Path sys, VrInterface inside,
            Map<String, Optional<NamespaceSysfs.Link>> hostLinks) {
        List<String> candidates = vr.interfaces().stream().filter(o -> o.netns().isHost()).map(VrInterface::name)
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return NamespaceSysfs.link(sys, inside.name()).flatMap(link -> candidates.stream()
                .filter(name -> hostLinks.computeIfAbsent(name, n -> NamespaceSysfs.link(roots.sys(), n))
                        .filter(host -> NamespaceSysfs.arePeers(link, host)).isPresent())
                .findFirst());
    }

    private static String key(DiscoveredVr vr, VrInterface i) {
        return vr.name() + '/' + i.name();
    }

    /**
     * Another namespace's sysfs, for the IRQs and RPS masks of its devices, where readable (refresh only). Whether
     * a process's /sys is its namespace's own depends on the process (its root), its mount namespace, its network
     * namespace and that namespace's devices: a view already checked is not listed again (a listing and a stat of
     * each entry through /proc/PID/root, for every namespace at every refresh, before).
     */
    private Optional<Path> namespaceSysfs(NetnsRef ns, Map<SysfsView, Boolean> checked) {
        try {
            NetnsCounters.Devices d = netns.read(ns);
            Integer pid = netns.pidOf(ns);
            if (pid == null) {
                return Optional.empty();
            }
            long mntns = NetnsCounters.inodeOfLink(roots.proc().resolve(pid + "/ns/mnt"));
            var view = new SysfsView(pid, mntns, d.netnsInode(), Set.copyOf(d.counters().value().keySet()));
            Boolean own = mntns == 0 || view.netns() == 0 ? null : sysfsViews.get(view);
            Optional<Path> sys = own == null ? NamespaceSysfs.of(roots.proc(), pid, view.devices())
                    : own ? Optional.of(NamespaceSysfs.root(roots.proc(), pid)) : Optional.empty();
            checked.put(view, sys.isPresent());
            return sys;
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What decides whether a process's /sys shows its network namespace's devices. */
    private record SysfsView(int pid, long mntns, long netns, Set<String> devices) {
    }

    private VrReading vr(DiscoveredVr vr, Map<NetnsRef, NetnsCounters.Devices> devices, boolean settingsDue,
            List<SampleProblem> problems) {
        List<IfReading> ifs = new ArrayList<>();
        for (VrInterface i : vr.interfaces()) {
            NetnsCounters.Devices d = devices.computeIfAbsent(i.netns(), ns -> namespace(ns, vr.name(), problems));
            NetDevCounters c = d == null ? null : d.counters().value().get(i.name());
            int ifindex = d == null ? 0 : d.ifindex().getOrDefault(i.name(), hostIfindex(i));
            var topo = topologies.getOrDefault(key(vr, i), NO_TOPOLOGY);
            ifs.add(new IfReading(i.name(), new IfKey(d == null ? 0 : d.netnsInode(), ifindex, i.name()), i.swapped(),
                    c, topo.irqs(), topo.rpsCpus()));
        }
        long mono = monotonic.getAsLong(); // between the VR's packet counters and its CPU counters
        CgroupReading cgroup = vr.cgroup().isEmpty() ? null
                : cgroups.read(vr.cgroup(), cpusets.computeIfAbsent(vr.name(), n -> cgroups.cpuset(vr.cgroup())),
                        settingsDue);
        int skipped = cgroups.takeSkipped();
        if (skipped > 0) {
            problems.add(new SampleProblem(vr.name() + "/cgroup", "malformed cgroup file content", skipped));
        }
        return new VrReading(vr.name(), vr.kind(), ifs, cgroup, hostPeers.getOrDefault(vr.name(), Set.of()), mono);
    }

    private int hostIfindex(VrInterface i) {
        if (!i.netns().isHost()) {
            return 0;
        }
        return KernelFile.readIfPresent(roots.sys().resolve("class/net").resolve(i.name()).resolve("ifindex"))
                .map(String::strip).filter(s -> s.matches("\\d{1,9}")).map(Integer::valueOf).orElse(0);
    }

    private NetnsCounters.Devices namespace(NetnsRef ns, String vr, List<SampleProblem> problems) {
        try {
            NetnsCounters.Devices d = netns.read(ns);
            if (d.counters().skippedLines() > 0) {
                problems.add(new SampleProblem(vr + "/net/dev", "malformed lines skipped",
                        d.counters().skippedLines()));
            }
            return d;
        } catch (IOException | RuntimeException e) {
            problems.add(new SampleProblem(vr + "/net/dev", "namespace unreadable: " + e.getMessage(), 0));
            return null;
        }
    }

    private <T> Map<Integer, T> file(String relative, Function<Reader, Parsed<Map<Integer, T>>> parser,
            List<SampleProblem> problems) {
        Path path = roots.proc().resolve(relative);
        try {
            Parsed<Map<Integer, T>> parsed = parser.apply(new StringReader(KernelFile.read(path)));
            if (parsed.skippedLines() > 0) {
                problems.add(new SampleProblem("/proc/" + relative, "malformed lines skipped", parsed.skippedLines()));
            }
            return parsed.value();
        } catch (IOException | RuntimeException e) {
            problems.add(new SampleProblem("/proc/" + relative, "unreadable: " + e.getMessage(), 0));
            return Map.of();
        }
    }
}
