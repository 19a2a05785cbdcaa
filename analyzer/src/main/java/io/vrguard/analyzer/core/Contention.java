package io.vrguard.analyzer.core;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.VrKind;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state of the CPUs a breaching VR shares with its neighbours, in the latest sample.
 *
 * @param contendedCpus  the victim's CPUs that neighbours may also run on
 * @param saturated      those CPUs are busy or in SoftIRQ near 100%, or the kernel squeezes/drops in softnet
 * @param capacityPercent CPU time of the contended CPUs (100 per CPU)
 * @param neighbours     every neighbour on the contended CPUs with its use and fair share
 * @param figures        the numbers behind the judgement
 */
public record Contention(
        List<Integer> contendedCpus,
        boolean saturated,
        double capacityPercent,
        List<Neighbour> neighbours,
        Map<String, Double> figures) {

    /**
     * @param usagePercent     CPU the neighbour spends on the contended CPUs, % of one CPU
     * @param fairSharePercent its guarantee-weighted share of the contended CPUs
     */
    public record Neighbour(VrSample sample, SlaPolicy policy, double usagePercent, double fairSharePercent) {
        public boolean aboveGuarantee() {
            return Breach.kpps(sample.deliveredPps()) > policy.guaranteeKpps();
        }

        public boolean overFairShare() {
            return usagePercent > fairSharePercent;
        }

        public boolean aggressor() {
            return aboveGuarantee() || overFairShare();
        }
    }

    public List<Neighbour> aggressors() {
        return neighbours.stream().filter(Neighbour::aggressor).toList();
    }

    public static Contention assess(HostWindow window, Breach victim, Policies policies, DetectionSettings s) {
        HostSample latest = victim.sample();
        Set<Integer> victimCpus = cpusOf(victim.latest(), latest);
        Set<Integer> contended = new TreeSet<>();
        List<VrSample> sharing = new ArrayList<>();
        for (VrSample vr : latest.routers()) {
            if (vr.name().equals(victim.vr())) {
                continue;
            }
            Set<Integer> common = new TreeSet<>(cpusOf(vr, latest));
            common.retainAll(victimCpus);
            if (!common.isEmpty()) {
                contended.addAll(common);
                sharing.add(vr);
            }
        }
        double capacity = 100.0 * contended.size();
        Map<String, Double> figures = new LinkedHashMap<>();
        boolean saturated = saturated(latest, contended, s, figures)
                || vrLoad(latest, contended) >= s.busySaturatedPercent() / 100 * capacity && capacity > 0;
        figures.put("cpus.vrLoadPercent", vrLoad(latest, contended));
        List<Neighbour> neighbours = neighbours(window.host(), sharing, victim, latest, contended, policies);
        return new Contention(List.copyOf(contended), saturated, capacity, neighbours, figures);
    }

    private static List<Neighbour> neighbours(String host, List<VrSample> sharing, Breach victim, HostSample latest,
            Set<Integer> contended, Policies policies) {
        double capacity = 100.0 * contended.size();
        double totalGuarantee = victim.policy().guaranteeKpps();
        Map<VrSample, SlaPolicy> resolved = new LinkedHashMap<>();
        for (VrSample vr : sharing) {
            SlaPolicy p = policies.resolve(host, vr.name());
            resolved.put(vr, p);
            totalGuarantee += p.guaranteeKpps();
        }
        int count = sharing.size() + 1;
        List<Neighbour> out = new ArrayList<>();
        for (Map.Entry<VrSample, SlaPolicy> e : resolved.entrySet()) {
            double fair = totalGuarantee > 0 ? capacity * e.getValue().guaranteeKpps() / totalGuarantee
                    : capacity / count;
            double usage = usageOn(e.getKey(), latest, contended);
            out.add(new Neighbour(e.getKey(), e.getValue(), usage, fair));
        }
        return out;
    }

    private static boolean saturated(HostSample sample, Set<Integer> contended, DetectionSettings s,
            Map<String, Double> figures) {
        boolean any = false;
        for (CpuSample cpu : sample.cpus()) {
            if (!contended.contains(cpu.cpu())) {
                continue;
            }
            figures.put("cpu" + cpu.cpu() + ".busyPercent", cpu.busyPercent());
            figures.put("cpu" + cpu.cpu() + ".softirqPercent", cpu.softirqPercent());
            figures.put("cpu" + cpu.cpu() + ".timeSqueezePerSec", cpu.timeSqueezePerSec());
            figures.put("cpu" + cpu.cpu() + ".softnetDroppedPerSec", cpu.softnetDroppedPerSec());
            any |= cpu.busyPercent() >= s.busySaturatedPercent() || cpu.softirqPercent() >= s.busySaturatedPercent()
                    || cpu.timeSqueezePerSec() > 0 || cpu.softnetDroppedPerSec() > 0;
        }
        return any;
    }

    /** What all VRs spend on the contended CPUs: a saturation signal when per-CPU figures are missing. */
    static double vrLoad(HostSample sample, Set<Integer> contended) {
        return sample.routers().stream().mapToDouble(vr -> usageOn(vr, sample, contended)).sum();
    }

    /** A VR's CPU use spread evenly over its CPUs, counted on the contended ones. */
    static double usageOn(VrSample vr, HostSample sample, Set<Integer> contended) {
        Set<Integer> cpus = cpusOf(vr, sample);
        long inside = cpus.stream().filter(contended::contains).count();
        return cpus.isEmpty() ? 0 : usage(vr) * inside / cpus.size();
    }

    /** KVM: the cgroup's CPU. LXC: the SoftIRQ time spent on its packets, charged to no cgroup, plus its own. */
    static double usage(VrSample vr) {
        double own = vr.cpuPercent() == null ? 0 : vr.cpuPercent();
        double softirq = vr.softirqPercentEstimate() == null ? 0 : vr.softirqPercentEstimate();
        return vr.kind() == VrKind.LXC ? own + softirq : own;
    }

    /** A VR's cpuset, or every CPU of the host when it is unrestricted. */
    static Set<Integer> cpusOf(VrSample vr, HostSample sample) {
        Set<Integer> cpus = new TreeSet<>(vr.cpus());
        if (cpus.isEmpty()) {
            sample.cpus().forEach(c -> cpus.add(c.cpu()));
        }
        return cpus;
    }
}
