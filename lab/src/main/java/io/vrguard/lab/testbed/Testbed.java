package io.vrguard.lab.testbed;

import io.vrguard.lab.core.CounterSeries;
import io.vrguard.lab.core.LabNames;
import io.vrguard.lab.core.NetDevTable;
import io.vrguard.lab.core.RuntimeDocuments;
import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.protocol.VrKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built testbed: per VR a source, a sink and the VR itself (KVM-style relay or LXC-style kernel forwarding), all
 * created from a scenario and all removed by {@link #close()} (idempotent; also called from the shutdown hook).
 */
public final class Testbed implements AutoCloseable {
    /** One VR's running parts. {@code relay} is null for LXC-style VRs. */
    public record Router(RouterSpec spec, LabNames names, HelperProcess relay, HelperProcess source,
                         HelperProcess sink) {
    }

    private final TestbedSettings settings;
    private final LabLock lock;
    private final LabCgroups cgroups;
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final List<HelperProcess> processes = new ArrayList<>();
    private boolean closed;

    private Testbed(TestbedSettings settings, LabLock lock) {
        this.settings = settings;
        this.lock = lock;
        this.cgroups = new LabCgroups(settings.roots().cgroup(), settings.cpus());
    }

    public static Testbed build(Scenario scenario, TestbedSettings settings) {
        LabLock lock = LabLock.acquire(settings.lockFile());
        Testbed bed;
        try {
            LabSweep.Report leftovers = settings.sweep().sweep();
            if (!leftovers.removed().isEmpty()) {
                System.err.println("lab: removed leftovers of an earlier run: " + leftovers.removed());
            }
            bed = new Testbed(settings, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            bed.create(scenario);
            return bed;
        } catch (RuntimeException e) {
            bed.close();
            throw e;
        }
    }

    private void create(Scenario scenario) {
        NativeHelpers helpers = NativeHelpers.build(settings.workDir());
        createDirs();
        List<Path> traffic = cgroups.createTraffic();
        List<RuntimeDocuments.KvmDomain> domains = new ArrayList<>();
        for (RouterSpec spec : scenario.routers()) {
            LabNames n = LabNames.of(spec);
            Plumbing.build(n);
            HelperProcess relay = null;
            if (spec.kind() == VrKind.KVM) {
                List<Path> vcpu = cgroups.createKvmScope(n);
                cgroups.setShares(n, spec.cpuShares());
                relay = startRelay(helpers, n, vcpu, scenario.relayWork());
                Plumbing.routeThroughTuns(n);
                domains.add(new RuntimeDocuments.KvmDomain(spec, relay.pid()));
            } else {
                cgroups.createLxcPayload(n);
                Plumbing.steerLxc(n, settings.cpus());
            }
            HelperProcess sink = startHelper(helpers, "vrgl-sink", spec.name() + "-sink", withCgroups(traffic,
                    "--netns", n.sinkNetns(), "--port", String.valueOf(LabNames.SINK_PORT)));
            HelperProcess source = startHelper(helpers, "vrgl-pace", spec.name() + "-source", withCgroups(traffic,
                    "--netns", n.sourceNetns(), "--dst", n.sinkAddress(), "--port",
                    String.valueOf(LabNames.SINK_PORT), "--kpps", "0", "--size",
                    String.valueOf(scenario.packetBytes()), "--stats-ms", "250"));
            routers.put(spec.name(), new Router(spec, n, relay, source, sink));
        }
        writeRuntimeFiles(scenario, domains);
    }

    private static List<String> withCgroups(List<Path> cgroups, String... args) {
        List<String> all = new ArrayList<>();
        cgroups.forEach(dir -> all.addAll(List.of("--cgroup", dir.toString())));
        all.addAll(List.of(args));
        return all;
    }

    private HelperProcess startRelay(NativeHelpers helpers, LabNames n, List<Path> vcpu, int work) {
        List<String> args = new ArrayList<>(List.of("--netns", n.routerNetns()));
        vcpu.forEach(dir -> args.addAll(List.of("--cgroup", dir.toString())));
        args.addAll(List.of("--a", n.tapIn(), "--b", n.tapOut(), "--work", String.valueOf(work),
                "--stats-ms", "250"));
        return startHelper(helpers, "vrgl-relay", n.router() + "-relay", args);
    }

    private HelperProcess startHelper(NativeHelpers helpers, String program, String label, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(helpers.path(program).toString()));
        cmd.addAll(args);
        Path log = settings.workDir().resolve("logs").resolve(label + ".log");
        HelperProcess p = HelperProcess.start(label, cmd, log);
        processes.add(p);
        p.awaitReady(log);
        return p;
    }

    private void createDirs() {
        try {
            Files.createDirectories(settings.workDir().resolve("logs"));
            Files.createDirectories(settings.runRoot().resolve("libvirt/qemu"));
        } catch (IOException e) {
            throw new LabException("cannot create " + settings.runRoot() + ": " + e.getMessage(), e);
        }
    }

    private void writeRuntimeFiles(Scenario scenario, List<RuntimeDocuments.KvmDomain> domains) {
        try {
            for (RuntimeDocuments.KvmDomain d : domains) {
                Files.writeString(settings.runRoot().resolve("libvirt/qemu/" + d.spec().name() + ".xml"),
                        RuntimeDocuments.domstatus(d));
            }
            Files.writeString(inventoryFile(), RuntimeDocuments.inventory(scenario.routers()));
        } catch (IOException e) {
            throw new LabException("cannot write the runtime files: " + e.getMessage(), e);
        }
    }

    /** Creates the group {@code lab run} moves itself and vrguard's services into (see LabCgroups). */
    public List<Path> servicesCgroups() {
        return cgroups.createServices();
    }

    public Path inventoryFile() {
        return settings.runRoot().resolve("inventory.yaml");
    }

    public Path runRoot() {
        return settings.runRoot();
    }

    public List<Router> routers() {
        return List.copyOf(routers.values());
    }

    public Router router(String name) {
        Router r = routers.get(name);
        if (r == null) {
            throw new LabException("no router '" + name + "' in this testbed");
        }
        return r;
    }

    public void offer(String router, double kpps) {
        router(router).source().send("rate " + kpps);
    }

    public void setShares(String router, int shares) {
        cgroups.setShares(router(router).names(), shares);
    }

    public int shares(String router) {
        return cgroups.shares(router(router).names());
    }

    public long cpuNanos(String router) {
        Router r = router(router);
        return r.spec().kind() == VrKind.KVM ? cgroups.usageNanos(r.names()) : 0;
    }

    /** tx_dropped of the tun the relay reads from, read in the relay's namespace; -1 for LXC-style VRs. */
    public long tapDrops(String router) {
        Router r = router(router);
        if (r.relay() == null || !r.relay().isAlive()) {
            return -1;
        }
        try {
            NetDevTable.Counters c = NetDevTable.parse(Files.readString(settings.roots().proc()
                    .resolve(r.relay().pid() + "/net/dev"))).get(r.names().tapIn());
            return c == null ? -1 : c.txDropped();
        } catch (IOException e) {
            return -1;
        }
    }

    public CounterSeries delivered(String router) {
        return router(router).sink().series();
    }

    public CounterSeries sent(String router) {
        return router(router).source().series();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        processes.forEach(HelperProcess::close);
        LabSweep.Report report = settings.sweep().sweep();
        lock.close();
        if (!report.clean()) {
            System.err.println("lab: could not remove everything: " + report.failures()
                    + " (run 'java -jar lab/target/lab.jar clean')");
        }
    }
}
