package io.vrguard.lab.physics;

import io.vrguard.lab.core.RelayWorkFit;
import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.scenario.Step;
import io.vrguard.lab.testbed.LabException;
import io.vrguard.lab.testbed.Testbed;
import io.vrguard.lab.testbed.TestbedSettings;
import io.vrguard.protocol.VrKind;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Measures a KVM-style relay alone on the VRs' CPU, offered more than it can forward, and picks the per-packet
 * work that gives it the scenario's capacity on this machine. Scenario rates are written for that capacity, so
 * the same file starves the same VR on a fast idle machine and on a slow loaded one.
 */
public final class RelayCalibration {
    /** Per measurement: long enough for a stable mean, short enough to keep a run's start-up quick. */
    private static final Duration MEASURE = Duration.ofSeconds(4);
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** Offered per measurement, as a multiple of the target: the relay must be the bottleneck. */
    private static final double OVERLOAD = 2.5;

    private final TestbedSettings settings;
    private final PrintStream progress;

    public RelayCalibration(TestbedSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** {@code scenario} with its relay work set for its capacity target; unchanged if it has none. */
    public Scenario apply(Scenario scenario) throws InterruptedException {
        if (!scenario.calibrates()) {
            return scenario;
        }
        double target = scenario.relayCapacityKpps();
        int work1 = Math.max(RelayWorkFit.MIN_WORK, scenario.relayWork());
        double kpps1 = capacity(work1, target, scenario.packetBytes());
        int work2 = RelayWorkFit.proportionalGuess(work1, kpps1, target);
        if (work2 == work1) {
            work2 = (int) Math.min(RelayWorkFit.MAX_WORK, work1 * 2L);
        }
        double kpps2 = capacity(work2, target, scenario.packetBytes());
        int work = RelayWorkFit.fit(work1, kpps1, work2, kpps2, target);
        progress.printf("lab: calibrated the relays: %d work rounds -> %.1f kpps, %d -> %.1f kpps alone on the "
                + "VRs' CPU; using %d for the scenario's %.1f kpps%n", work1, kpps1, work2, kpps2, work, target);
        return scenario.withRelayWork(work);
    }

    /** What one relay with {@code work} rounds forwards alone on the VRs' CPU, in kpps. */
    public double capacity(int work, double targetKpps, int packetBytes) throws InterruptedException {
        double offered = Math.max(1, OVERLOAD * targetKpps);
        Scenario alone = new Scenario("calibrate", "one relay alone", work, 0, packetBytes, SETTLE,
                List.of(new RouterSpec(1, "cal", VrKind.KVM, 1, RouterSpec.DEFAULT_SHARES)),
                List.of(new Step("overload", MEASURE.plus(SETTLE), Map.of("cal", offered))));
        Testbed bed = Testbed.build(alone, settings);
        Thread hook = new Thread(bed::close, "vrgl-lab-cleanup"); // Ctrl-C while measuring
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            StepFigures f = new PhysicsCheck(bed, new PrintStream(OutputStream.nullOutputStream()))
                    .run(alone, List.of(ShareVariant.equal())).get(0);
            if (!(f.deliveredKpps() > 0)) {
                throw new LabException("calibration: a relay with " + work + " work rounds forwarded nothing; "
                        + "see the helpers' logs under " + settings.workDir());
            }
            return f.deliveredKpps();
        } finally {
            bed.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs
            }
        }
    }
}
