package io.vrguard.collector.fs;

import io.vrguard.collector.core.CpuMasks;
import io.vrguard.collector.core.InterruptsParser;
import io.vrguard.collector.core.IrqCounts;
import io.vrguard.discovery.HostRoots;
import io.vrguard.protocol.IrqAffinity;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where a host-side device's packet work lands: the IRQs it raises (its bus device's {@code msi_irqs}, walking up
 * from {@code /sys/class/net/IF/device} as virtio needs, else /proc/interrupts handler names such as
 * {@code eth0-TxRx-0}) with their affinity, and the union of its rx queues' RPS masks. Software devices (tap,
 * veth) have no IRQs. Devices inside another namespace are not visible in this sysfs and get neither.
 */
public final class DeviceTopology {
    private final HostRoots roots;

    public DeviceTopology(HostRoots roots) {
        this.roots = roots;
    }

    public record Topology(List<IrqAffinity> irqs, List<Integer> rpsCpus) {
    }

    public Topology of(String device, List<IrqCounts> interrupts) {
        return of(roots.sys(), device, interrupts);
    }

    /**
     * Topology of a device in the sysfs {@code sys} (the host's, or another namespace's seen through a process in
     * it; /proc/irq is global either way). For another namespace's device pass no interrupts: handler names in
     * /proc/interrupts are the host's device names and could name a different device.
     */
    public Topology of(Path sys, String device, List<IrqCounts> interrupts) {
        Path dev = sys.resolve("class/net").resolve(device);
        if (!Files.isDirectory(dev)) {
            return new Topology(List.of(), List.of());
        }
        List<IrqAffinity> irqs = new ArrayList<>();
        for (int irq : irqNumbers(dev, device, interrupts)) {
            affinity(irq).ifPresent(irqs::add);
        }
        return new Topology(irqs, rps(dev));
    }

    /** Parsed /proc/interrupts, read once per refresh; empty when unreadable. */
    public List<IrqCounts> interrupts() {
        return KernelFile.readIfPresent(roots.proc().resolve("interrupts"))
                .map(t -> InterruptsParser.parse(new StringReader(t)).value()).orElse(List.of());
    }

    private static TreeSet<Integer> irqNumbers(Path dev, String device, List<IrqCounts> interrupts) {
        TreeSet<Integer> irqs = new TreeSet<>();
        Path bus = dev.resolve("device");
        for (int up = 0; up < 3 && Files.isDirectory(bus); up++, bus = bus.resolve("..")) {
            Path msi = bus.resolve("msi_irqs");
            if (Files.isDirectory(msi)) {
                try (Stream<Path> files = Files.list(msi)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,6}"))
                            .map(Integer::valueOf).forEach(irqs::add);
                } catch (IOException e) {
                    // device went away
                }
                return irqs;
            }
        }
        interrupts.stream().filter(i -> i.raisedBy(device)).forEach(i -> irqs.add(i.irq()));
        return irqs;
    }

    private java.util.Optional<IrqAffinity> affinity(int irq) {
        Path dir = roots.proc().resolve("irq").resolve(String.valueOf(irq));
        try {
            List<Integer> cpus = KernelFile.readIfPresent(dir.resolve("smp_affinity_list")).map(CpuMasks::parseList)
                    .orElse(null);
            List<Integer> effective = KernelFile.readIfPresent(dir.resolve("effective_affinity_list"))
                    .map(CpuMasks::parseList).orElse(List.of());
            return cpus == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new IrqAffinity(irq, cpus, effective));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static List<Integer> rps(Path dev) {
        TreeSet<Integer> cpus = new TreeSet<>();
        try (Stream<Path> queues = Files.list(dev.resolve("queues"))) {
            queues.filter(q -> q.getFileName().toString().startsWith("rx-")).forEach(q ->
                    KernelFile.readIfPresent(q.resolve("rps_cpus")).ifPresent(mask -> {
                        try {
                            cpus.addAll(CpuMasks.parseHex(mask));
                        } catch (IllegalArgumentException e) {
                            // unreadable mask: treated as RPS off
                        }
                    }));
        } catch (IOException e) {
            // no queues directory (not a real device)
        }
        return List.copyOf(cpus);
    }
}
