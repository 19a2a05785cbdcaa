package io.vrguard.collector.core;

import java.util.Map;

/** One numbered IRQ of /proc/interrupts: per-CPU counts (32-bit) and the rest of the line (chip, handlers). */
public record IrqCounts(int irq, Map<Integer, Long> perCpu, String description) {
    public IrqCounts {
        perCpu = Map.copyOf(perCpu);
    }

    /** True when one of the handler names is {@code device} or starts with {@code device-} (e.g. eth0-TxRx-0). */
    public boolean raisedBy(String device) {
        for (String token : description.split("[\\s,]+")) {
            if (token.equals(device) || token.startsWith(device + "-")) {
                return true;
            }
        }
        return false;
    }
}
