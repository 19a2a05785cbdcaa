package io.vrguard.lab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelayWorkFitTest {
    /** A relay with 6.1 us of fixed cost per packet and 2.23 ns per work round (measured on the lab machine). */
    private static double capacityKpps(int work) {
        return 1e3 / (6.1 + 0.00223 * work);
    }

    @Test
    void twoPointsOnTheLineGiveTheWorkForTheTarget() {
        int work = RelayWorkFit.fit(4000, capacityKpps(4000), 6000, capacityKpps(6000), 45);

        assertThat(capacityKpps(work)).isCloseTo(45, org.assertj.core.api.Assertions.within(0.05));
    }

    @Test
    void theProportionalGuessFallsShortOfTheWorkBecauseItIgnoresTheFixedCost() {
        int guess = RelayWorkFit.proportionalGuess(4000, capacityKpps(4000), 45);

        assertThat(capacityKpps(guess)).isGreaterThan(45);
        assertThat(guess).isEqualTo(Math.round(4000 * capacityKpps(4000) / 45));
    }

    @Test
    void pointsThatDoNotRiseFallBackToTheNearerPointsProportionalGuess() {
        // noise: more work measured faster; trust the point nearer the target
        int work = RelayWorkFit.fit(4000, 50, 5000, 52, 45);

        assertThat(work).isEqualTo(RelayWorkFit.proportionalGuess(4000, 50, 45));
    }

    @Test
    void theWorkStaysWithinItsBounds() {
        assertThat(RelayWorkFit.fit(100, 1000, 200, 999, 0.01)).isEqualTo(RelayWorkFit.MAX_WORK);
        assertThat(RelayWorkFit.proportionalGuess(1000, 1, 1000)).isEqualTo(RelayWorkFit.MIN_WORK);
    }

    @Test
    void aPointWithoutThroughputIsRefused() {
        assertThatThrownBy(() -> RelayWorkFit.fit(4000, 0, 6000, 40, 45))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("work 4000 at 0.0 kpps");
    }
}
