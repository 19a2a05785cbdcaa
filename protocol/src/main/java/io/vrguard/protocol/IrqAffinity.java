package io.vrguard.protocol;

import java.util.List;

/** An IRQ an interface raises: the CPUs it may go to and the CPUs the kernel actually programmed. */
public record IrqAffinity(int irq, List<Integer> cpus, List<Integer> effectiveCpus) {
    public IrqAffinity {
        cpus = cpus == null ? List.of() : List.copyOf(cpus);
        effectiveCpus = effectiveCpus == null ? List.of() : List.copyOf(effectiveCpus);
    }
}
