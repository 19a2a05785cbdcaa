package io.vrguard.lab.report;

import java.time.Instant;
import java.util.List;

/**
 * report.json: the contract ({@code steps[].routers[]}, {@code violations[]}, {@code actions[]},
 * {@code latency}) plus what produced it, the analyzer's unsent advice (baseline) and the per-interval series the
 * chart is drawn from.
 */
public record RunReport(String scenario, String mode, String host, Instant startedAt, long intervalMs,
                        String command, Relay relay, List<StepReport> steps, List<ViolationReport> violations,
                        List<ActionReport> actions, List<Advice> advice, Latency latency,
                        List<IntervalRow> intervals) {

    /**
     * The KVM-style relays' per-packet work used in the run, and the capacity alone on the VRs' CPU that the
     * scenario asked it to be calibrated to (0: not calibrated, the scenario's or --work's figure as given).
     */
    public record Relay(int workRounds, double targetCapacityKpps) {
    }

    /** One step of the timeline, figures over the step after its settle time. */
    public record StepReport(String name, Instant startedAt, double seconds, List<RouterFigures> routers) {
    }

    public record RouterFigures(String name, String kind, double guaranteeKpps, double offeredKpps,
                                double deliveredKpps, double dropKpps, double cpuPercent, int cpuShares) {
    }

    /**
     * @param type       as opened; {@code types}: every type it had, in order
     * @param aggressors as last named (an overcommit names none, so those of the isolation violation stay)
     * @param openedAt   the violation's start (vrguard's sample time)
     * @param resolvedAt its end, null while still open when the run ended
     * @param reportedAt when the lab read the opening event
     * @param explanation the analyzer's words when it opened it
     */
    public record ViolationReport(String id, String type, List<String> types, String victim, List<String> aggressors, Instant openedAt,
                                  Instant resolvedAt, Instant reportedAt, String explanation) {
    }

    /** One setting the enforcer handled: {@code change} is "cpu_shares 1024 -> 2048"; result its outcome. */
    public record ActionReport(Instant at, String host, String router, String change, String result,
                               String commandId, String violationId) {
    }

    /**
     * Closed-loop latency on the lab's clock, from {@code victimBelowAt}, the end of the first interval in which the
     * victim fell below its guarantee (in the run of such intervals that led to the violation): to the violation
     * read from vrguard.violations ({@code detectMs}), to the enforcer's applied result read from vrguard.actions
     * ({@code actMs}), to the first of two intervals back at or above 95 % ({@code recoverMs}). Null = did not
     * happen. {@code victimAfterRecovery*Percent}: the victim's delivered share of its guarantee from recovery to
     * the end of the load, mean and median of the intervals (the median is robust to a second of hypervisor steal).
     */
    public record Latency(Long detectMs, Long actMs, Long recoverMs, String victim, Instant victimBelowAt,
                          Double victimAfterRecoveryPercent, Double victimAfterRecoveryMedianPercent,
                          Long intervalMs) {
        public static final Latency NONE = new Latency(null, null, null, null, null, null, null, null);
    }
}
