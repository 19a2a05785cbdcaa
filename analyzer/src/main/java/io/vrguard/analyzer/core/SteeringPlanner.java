package io.vrguard.analyzer.core;

import io.vrguard.protocol.CpuSample;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.InterfaceSample;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.VrSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * LXC remedy: shares do not reach SoftIRQ forwarding, so move receive processing instead. The aggressor's
 * interfaces (or, if its policy leaves no CPU, the victim's) get RPS masks and IRQ affinity on the least loaded
 * CPU outside the contended ones, within the CPUs its policy allows.
 */
public final class SteeringPlanner {

    public record SteeringPlan(String moved, int toCpu, List<SettingChange> changes,
            Map<String, Double> predictedDeliveredKpps) {
    }

    /** Tries every aggressor, then the victim. */
    public Optional<SteeringPlan> plan(Finding f, HostWindow window, Policies policies) {
        return plan(f, f.aggressors(), window, policies);
    }

    /** Tries {@code aggressors} (those whose SoftIRQ load is the contention) in order, then the victim. */
    public Optional<SteeringPlan> plan(Finding f, List<String> aggressors, HostWindow window, Policies policies) {
        HostSample latest = window.latest();
        List<String> movers = new ArrayList<>(aggressors);
        movers.add(f.victim());
        for (String mover : movers) {
            Optional<VrSample> vr = window.routerIn(latest, mover);
            SlaPolicy policy = policies.resolve(window.host(), mover);
            Optional<CpuSample> target = leastLoaded(latest, policy.bounds().allowedCpus(), f.cpus());
            if (vr.isPresent() && target.isPresent() && !vr.get().interfaces().isEmpty()) {
                return Optional.of(steer(f, vr.get(), policy, target.get().cpu(), window, policies));
            }
        }
        return Optional.empty();
    }

    private static SteeringPlan steer(Finding f, VrSample mover, SlaPolicy policy, int cpu, HostWindow window,
            Policies policies) {
        List<SettingChange> changes = new ArrayList<>();
        for (InterfaceSample nic : mover.interfaces()) {
            changes.add(new SettingChange(mover.name(), Setting.RPS_CPUS, nic.name(), Integer.toString(cpu),
                    policy.bounds()));
            if (!nic.irqs().isEmpty()) {
                changes.add(new SettingChange(mover.name(), Setting.IRQ_AFFINITY, nic.name(), Integer.toString(cpu),
                        policy.bounds()));
            }
        }
        return new SteeringPlan(mover.name(), cpu, changes, predict(f, mover.name(), window, policies));
    }

    /**
     * The VR that moves keeps its rate; the ones that stay share the contended CPUs without its SoftIRQ load,
     * each limited by its measured cost per packet.
     */
    static Map<String, Double> predict(Finding f, String moved, HostWindow window, Policies policies) {
        HostSample latest = window.latest();
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Double> demands = new LinkedHashMap<>();
        Map<String, Double> costs = new LinkedHashMap<>();
        List<String> involved = new ArrayList<>(f.aggressors());
        involved.add(f.victim());
        for (String name : involved) {
            VrSample vr = window.routerIn(latest, name).orElse(null);
            Optional<Double> cost = PacketCost.percentPerKpps(window, name);
            if (vr == null || cost.isEmpty()) {
                continue;
            }
            double offered = Breach.kpps(vr.offeredPps());
            if (name.equals(moved)) {
                out.put(name, Math.min(offered, Math.max(Breach.kpps(vr.deliveredPps()),
                        policies.resolve(window.host(), name).guaranteeKpps())));
            } else {
                weights.put(name, 1.0); // SoftIRQ has no weights: equal split of what is left
                demands.put(name, offered * cost.get());
                costs.put(name, cost.get());
            }
        }
        double capacity = 100.0 * Math.max(1, f.cpus().size());
        Allocation.split(weights, demands, Map.of(), capacity)
                .forEach((vr, cpu) -> out.put(vr, Math.min(demands.get(vr) / costs.get(vr), cpu / costs.get(vr))));
        return out;
    }

    static Optional<CpuSample> leastLoaded(HostSample sample, List<Integer> allowed, List<Integer> contended) {
        return sample.cpus().stream()
                .filter(c -> !contended.contains(c.cpu()))
                .filter(c -> allowed.isEmpty() || allowed.contains(c.cpu()))
                .min(Comparator.comparingDouble(CpuSample::busyPercent).thenComparingInt(CpuSample::cpu));
    }
}
