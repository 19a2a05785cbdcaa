package io.vrguard.lab.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The few {@code /proc/net/dev} columns the lab needs (format: linux-interfaces.md §1.1). Read through
 * {@code /proc/<relay-pid>/net/dev}, which shows the devices of that process's network namespace.
 */
public record NetDevTable(Map<String, Counters> devices) {
    /** rx/tx packets and drops of one device (tx drops = field 12). */
    public record Counters(long rxPackets, long rxDropped, long txPackets, long txDropped) {
    }

    public static NetDevTable parse(String text) {
        Map<String, Counters> devices = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length != 16) {
                continue; // a malformed line is skipped, the rest still counts
            }
            try {
                devices.put(line.substring(0, colon).trim(), new Counters(Long.parseUnsignedLong(f[1]),
                        Long.parseUnsignedLong(f[3]), Long.parseUnsignedLong(f[9]), Long.parseUnsignedLong(f[11])));
            } catch (NumberFormatException e) {
                // skip the line
            }
        }
        return new NetDevTable(Map.copyOf(devices));
    }

    public Counters get(String device) {
        return devices.get(device);
    }
}
