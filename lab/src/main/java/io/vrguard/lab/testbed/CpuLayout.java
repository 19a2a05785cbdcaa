package io.vrguard.lab.testbed;

/**
 * Which CPU carries the VRs (all of them share it, as in the single-core experiments) and which the traffic
 * generators. On a 2-CPU machine: VRs on CPU 1, sources and sinks on CPU 0.
 */
public record CpuLayout(int trafficCpu, int routerCpu) {
    public static final CpuLayout DEFAULT = new CpuLayout(0, 1);

    public String allCpus() {
        return Math.min(trafficCpu, routerCpu) + "-" + Math.max(trafficCpu, routerCpu);
    }

    /** The RPS mask naming the router CPU, in the format rps_cpus expects (hex, no 0x). */
    public String routerMask() {
        return Long.toHexString(1L << routerCpu);
    }

    public static CpuLayout checked() {
        int n = Runtime.getRuntime().availableProcessors();
        if (n < 2) {
            throw new LabException("the lab needs at least 2 CPUs (one for the VRs, one for traffic); found " + n);
        }
        return DEFAULT;
    }
}
