package io.vrguard.collector.core;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /proc/interrupts: a {@code CPUn} header of online CPUs, then numbered IRQ lines (counts positionally for the
 * header's CPUs, then chip and handler names, which may contain spaces). Arch lines (NMI, LOC, ...) are skipped.
 */
public final class InterruptsParser {
    private InterruptsParser() {
    }

    public static Parsed<List<IrqCounts>> parse(Reader reader) {
        List<String> lines = Lines.read(reader);
        if (lines.isEmpty()) {
            return new Parsed<>(List.of(), 0);
        }
        List<Integer> cpus = SoftirqsParser.CpuHeader.parse(lines.get(0));
        if (cpus == null) {
            return new Parsed<>(List.of(), lines.size());
        }
        List<IrqCounts> result = new ArrayList<>();
        int skipped = 0;
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            String label = colon < 0 ? "" : line.substring(0, colon).trim();
            int irq = Lines.index(label);
            if (irq < 0) {
                // named rows (NMI, LOC, ...) are not IRQs; a line without a label or a number past int is malformed
                if (colon < 0 ? !line.isBlank() : Lines.unsigned(label) >= 0) {
                    skipped++;
                }
                continue;
            }
            IrqCounts counts = counts(irq, line.substring(colon + 1), cpus);
            if (counts == null) {
                skipped++;
            } else {
                result.add(counts);
            }
        }
        return new Parsed<>(result, skipped);
    }

    private static IrqCounts counts(int irq, String rest, List<Integer> cpus) {
        List<String> f = Lines.fields(rest);
        if (f.size() < cpus.size()) {
            return null;
        }
        Map<Integer, Long> perCpu = new LinkedHashMap<>();
        for (int i = 0; i < cpus.size(); i++) {
            long v = Lines.unsigned(f.get(i));
            if (v < 0) {
                return null;
            }
            perCpu.put(cpus.get(i), v);
        }
        return new IrqCounts(irq, perCpu, String.join(" ", f.subList(cpus.size(), f.size())));
    }
}
