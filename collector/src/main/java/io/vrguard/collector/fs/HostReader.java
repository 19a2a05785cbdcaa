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
 * cost far more than the counters; so are each VR's cpuset and each named namespace's pid (shares, weight and quota
 * are read with every sample: the enforcer changes them). Nothing here throws for one bad source: it becomes a
 * {@link SampleProblem}.
 */
public final class HostReader {
    private final HostRoots roots;
    private final VrDiscovery discovery;
    private final Clock clock;
    private final LongSupplier monotonic;
    private final int refreshEvery;
    private final NetnsCounters netns;
    private final CgroupReader cgroups = new CgroupReader();
    private final DeviceTopology topology;
    private List<DiscoveredVr> routers = List.of();
    private List<String> discoveryProblems = List.of();
    private final Map<String, DeviceTopology.Topology> topologies = new HashMap<>();
    private final Map<String, List<Integer>> cpusets = new HashMap<>();
    private int reads;
    private final Map<String, Set<String>> hostPeers = new HashMap<>();
    private static final DeviceTopology.Topology NO_TOPOLOGY = new DeviceTopology.Topology(List.of(), List.of());

    public HostReader(HostRoots roots, VrDiscovery discovery, Clock clock, LongSupplier monotonic, int refreshEvery) {
        this.roots = roots;
        this.discovery = discovery;
        this.clock = clock;
        this.monotonic = monotonic;
        this.refreshEvery = Math.max(1, refreshEvery);
        this.netns = new NetnsCounters(roots);
        this.topology = new DeviceTopology(roots);
    }

    public synchronized HostReading read() {
        if (reads++ % refreshEvery == 0) {
            refresh();
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
            vrs.add(vr(vr, devices, problems));
        }
        return new HostReading(mono, wall, softirqs, softnet, stat, vrs, problems);
    }

    private void refresh() {
        VrDiscovery.DiscoveryResult result = discovery.discover();
        routers = result.routers();
        discoveryProblems = result.problems();
        topologies.clear();
        cpusets.clear();
        cgroups.forgetOpenFiles();
        netns.revalidate();
        var interrupts = topology.interrupts();
        Map<NetnsRef, Optional<Path>> sysOf = new HashMap<>();
        hostPeers.clear();
        Map<Integer, Map.Entry<String, Integer>> hostLinks = null;
        for (DiscoveredVr vr : routers) {
            if (!vr.cgroup().isEmpty()) {
                cpusets.put(vr.name(), cgroups.cpuset(vr.cgroup()));
            }
            for (VrInterface i : vr.interfaces()) {
                if (i.netns().isHost()) {
                    topologies.put(key(vr, i), topology.of(i.name(), interrupts));
                } else {
                    Optional<Path> sys = sysOf.computeIfAbsent(i.netns(), this::namespaceSysfs);
                    if (sys.isEmpty()) {
                        continue;
                    }
                    topologies.put(key(vr, i), topology.of(sys.get(), i.name(), List.of()));
                    if (hostLinks == null) {
                        hostLinks = NamespaceSysfs.byIfindex(roots.sys());
                    }
                    var links = hostLinks;
                    NamespaceSysfs.link(sys.get(), i.name()).flatMap(l -> NamespaceSysfs.hostPeer(l, links))
                            .filter(peer -> vr.interfaces().stream().anyMatch(o -> o.netns().isHost()
                                    && o.name().equals(peer)))
                            .ifPresent(peer -> hostPeers.computeIfAbsent(vr.name(), n -> new HashSet<>()).add(peer));
                }
            }
        }
    }

    private static String key(DiscoveredVr vr, VrInterface i) {
        return vr.name() + '/' + i.name();
    }

    /** Another namespace's sysfs, for the IRQs and RPS masks of its devices, where readable (refresh only). */
    private Optional<Path> namespaceSysfs(NetnsRef ns) {
        try {
            Set<String> devices = netns.read(ns).counters().value().keySet();
            Integer pid = netns.pidOf(ns);
            return pid == null ? Optional.empty() : NamespaceSysfs.of(roots.proc(), pid, devices);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private VrReading vr(DiscoveredVr vr, Map<NetnsRef, NetnsCounters.Devices> devices, List<SampleProblem> problems) {
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
                : cgroups.read(vr.cgroup(), cpusets.computeIfAbsent(vr.name(), n -> cgroups.cpuset(vr.cgroup())));
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
