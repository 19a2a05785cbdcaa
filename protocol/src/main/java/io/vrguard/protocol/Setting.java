package io.vrguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A kernel setting the enforcer may change. Value formats (always a string on the wire):
 * <ul>
 *   <li>{@code cpu_shares}: decimal, cgroup v1 range 2..262144 (converted to cpu.weight on cgroup v2)</li>
 *   <li>{@code cpu_weight}: decimal, cgroup v2 range 1..10000</li>
 *   <li>{@code cpu_quota}: {@code "QUOTA_US PERIOD_US"} or {@code "max"}</li>
 *   <li>{@code irq_affinity}, {@code rps_cpus}, {@code xps_cpus}: a CPU list such as {@code "0-1,3"};
 *       the target is the VR's interface name</li>
 * </ul>
 */
public enum Setting {
    CPU_SHARES, CPU_WEIGHT, CPU_QUOTA, IRQ_AFFINITY, RPS_CPUS, XPS_CPUS;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Setting fromWire(String value) {
        for (Setting s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown setting '" + value + "'");
    }
}
