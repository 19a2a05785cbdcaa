package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.CpuList;
import io.vrguard.enforcer.core.Knob;
import io.vrguard.enforcer.core.KnobException;
import io.vrguard.protocol.Setting;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code /proc/irq/N/smp_affinity_list} of one IRQ of a VR's interface. The kernel answers EIO for IRQs it will
 * not move (managed MSI-X vectors, per-CPU IRQs); a probe writes the current value back first, so such an IRQ refuses
 * its command before anything is changed. The effective affinity the kernel chose (x86 programs a single CPU) is
 * reported before and after a write.
 */
final class IrqAffinityKnob implements Knob {
    /** How a value reaches the kernel file; tests stand in for a kernel that answers EIO. */
    interface Writer {
        void write(Path file, String value) throws KnobException;
    }

    private final Path irqDir;
    private final String iface;
    private final int irq;
    private final String warning;
    private final Writer writer;

    /** @param warning appended to the report after a write (e.g. a running irqbalance), or null */
    IrqAffinityKnob(Path proc, String iface, int irq, String warning, Writer writer) {
        this.irqDir = proc.resolve("irq").resolve(Integer.toString(irq));
        this.iface = iface;
        this.irq = irq;
        this.warning = warning;
        this.writer = writer;
    }

    @Override
    public String target() {
        return iface + "/irq " + irq;
    }

    @Override
    public Setting nativeSetting() {
        return Setting.IRQ_AFFINITY;
    }

    @Override
    public String method() {
        return "procfs";
    }

    @Override
    public String read() throws KnobException {
        String raw = KernelFiles.read(irqDir.resolve("smp_affinity_list"));
        try {
            return CpuList.canonical(raw);
        } catch (IllegalArgumentException e) {
            throw new KnobException("IRQ " + irq + " smp_affinity_list holds '" + raw + "'", e);
        }
    }

    @Override
    public void write(String canonical) throws KnobException {
        try {
            writer.write(irqDir.resolve("smp_affinity_list"), canonical);
        } catch (KnobException e) {
            throw explain(irq, e);
        }
    }

    /** The value the kernel holds, written back as printed: a no-op the kernel refuses only for an unmovable IRQ. */
    @Override
    public void probe() throws KnobException {
        Path list = irqDir.resolve("smp_affinity_list");
        try {
            writer.write(list, KernelFiles.read(list));
        } catch (KnobException e) {
            throw explain(irq, e);
        }
    }

    /** EIO from smp_affinity_list means {@code !irq_can_set_affinity_usr()}: managed, per-CPU or no chip support. */
    static KnobException explain(int irq, KnobException e) {
        if (String.valueOf(e.getMessage()).contains("Input/output error")) {
            return new KnobException("the kernel will not move IRQ " + irq + " (EIO: a managed or per-CPU IRQ)", e);
        }
        return e;
    }

    /** {@code effective_affinity_list}, canonical; null where the kernel has none (no EFFECTIVE_AFF_MASK support). */
    @Override
    public String effective() {
        Path effective = irqDir.resolve("effective_affinity_list");
        if (!Files.exists(effective)) {
            return null;
        }
        try {
            return CpuList.canonical(KernelFiles.read(effective));
        } catch (KnobException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String afterWriteDetail() {
        String effective = effective();
        String detail = effective == null ? null : "effective_affinity_list=" + effective;
        if (warning == null) {
            return detail;
        }
        return detail == null ? warning : detail + "; " + warning;
    }
}
