package io.vrguard.lab.scenario;

import io.vrguard.protocol.VrKind;

/**
 * One virtual router of a scenario.
 *
 * @param index     1-based position, used in interface names ({@code vrgl<index>ta}) to stay within 15 characters
 * @param cpuShares cgroup v1 cpu.shares of the VR's scope (KVM-style only; 1024 is the kernel default)
 */
public record RouterSpec(int index, String name, VrKind kind, double guaranteeKpps, int cpuShares) {
    public static final int DEFAULT_SHARES = 1024;

    public RouterSpec withShares(int shares) {
        return new RouterSpec(index, name, kind, guaranteeKpps, shares);
    }
}
