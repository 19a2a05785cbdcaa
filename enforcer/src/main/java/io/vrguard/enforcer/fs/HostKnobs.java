package io.vrguard.enforcer.fs;

import io.vrguard.discovery.CgroupPlacement;
import io.vrguard.discovery.DiscoveredVr;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.VrInterface;
import io.vrguard.enforcer.core.Knob;
import io.vrguard.enforcer.core.KnobException;
import io.vrguard.enforcer.core.KnobResolver;
import io.vrguard.enforcer.core.Rejection;
import io.vrguard.enforcer.core.RejectedException;
import io.vrguard.protocol.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a VR's knobs on this host from its discovered placement only: its cgroup directories, its own
 * interfaces' queues (in the interface's namespace) and its own interfaces' IRQs.
 */
public final class HostKnobs implements KnobResolver {
    private final HostRoots roots;
    private final ProcessRunner runner;
    private final IrqAffinityKnob.Writer irqWriter;

    public HostKnobs(HostRoots roots, ProcessRunner runner) {
        this(roots, runner, KernelFiles::write);
    }

    /** @param irqWriter writes {@code smp_affinity_list}; a test's can answer EIO as the kernel does for some IRQs */
    HostKnobs(HostRoots roots, ProcessRunner runner, IrqAffinityKnob.Writer irqWriter) {
        this.roots = roots;
        this.runner = runner;
        this.irqWriter = irqWriter;
    }

    @Override
    public List<Knob> knobs(DiscoveredVr vr, Setting setting, String iface) {
        try {
            return switch (setting) {
                case CPU_SHARES, CPU_WEIGHT, CPU_QUOTA -> List.of(cpu(vr, setting));
                case RPS_CPUS -> queues(vr, iface, "rx", setting);
                case XPS_CPUS -> queues(vr, iface, "tx", setting);
                case IRQ_AFFINITY -> irqs(vr, iface);
            };
        } catch (KnobException e) {
            throw new RejectedException(Rejection.UNAVAILABLE, e.getMessage());
        }
    }

    /** The knob for a cgroup CPU setting; package-visible so tests can inspect the command line it would run. */
    CpuCgroupKnob cpu(DiscoveredVr vr, Setting setting) throws KnobException {
        CgroupPlacement placement = vr.cgroup();
        ShareMethod method = ShareMethod.choose(vr, Files.isDirectory(roots.run().resolve("systemd/system")));
        String unit = method == ShareMethod.VIRSH ? vr.libvirtDomain() : placement.systemdUnit();
        Path v1 = placement.v1("cpu").orElse(null);
        if (v1 != null) {
            return new CpuCgroupKnob(v1, setting == Setting.CPU_QUOTA ? setting : Setting.CPU_SHARES, false, method,
                    unit, runner);
        }
        Path v2 = placement.v2();
        String probe = setting == Setting.CPU_QUOTA ? "cpu.max" : "cpu.weight";
        if (v2 != null && Files.exists(v2.resolve(probe))) {
            return new CpuCgroupKnob(v2, setting == Setting.CPU_QUOTA ? setting : Setting.CPU_WEIGHT, true, method,
                    unit, runner);
        }
        throw new KnobException("VR '" + vr.name() + "' has no cgroup with a cpu controller here (v1 cpu: none"
                + (v2 == null ? ", v2: none)" : ", v2 " + v2 + " has no " + probe + ")"));
    }

    private List<Knob> queues(DiscoveredVr vr, String iface, String prefix, Setting setting) throws KnobException {
        VrInterface vi = own(vr, iface);
        QueueFiles files = vi.netns().isHost() ? new HostQueueFiles(roots.sys())
                : new NetnsQueueFiles(vi.netns(), runner);
        List<Knob> knobs = new ArrayList<>();
        for (String queue : files.queues(iface, prefix)) {
            knobs.add(new QueueMaskKnob(files, iface, queue, setting));
        }
        if (knobs.isEmpty()) {
            throw new KnobException(iface + " has no " + prefix + " queues");
        }
        return knobs;
    }

    private List<Knob> irqs(DiscoveredVr vr, String iface) throws KnobException {
        VrInterface vi = own(vr, iface);
        if (!vi.netns().isHost()) {
            throw new KnobException(iface + " lives in the VR's namespace; IRQs are mapped for host-side devices "
                    + "(e.g. the VF's host name) only");
        }
        String warning = IrqBalance.pid(roots.proc()).map(pid -> "irqbalance is running (pid " + pid
                + ") and may move this IRQ back unless it is banned there").orElse(null);
        List<Knob> knobs = new ArrayList<>();
        for (int irq : new InterfaceIrqs(roots.sys()).of(iface)) {
            knobs.add(new IrqAffinityKnob(roots.proc(), iface, irq, warning, irqWriter));
        }
        return knobs;
    }

    private static VrInterface own(DiscoveredVr vr, String iface) throws KnobException {
        return vr.interfaces().stream().filter(i -> i.name().equals(iface)).findFirst()
                .orElseThrow(() -> new KnobException("'" + iface + "' is not an interface of " + vr.name()));
    }
}
