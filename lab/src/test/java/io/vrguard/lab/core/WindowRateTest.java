package io.vrguard.lab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowRateTest {
    private static final long MS = 1_000_000L;

    @Test
    void meanAndMedianOfASteadyCounter() {
        CounterSeries s = new CounterSeries();
        for (int i = 0; i <= 8; i++) {
            s.add(1000 * MS + i * 250 * MS, i * 5000L); // 20 kpps
        }
        WindowRate r = s.rate(1000 * MS, 3000 * MS);

        assertThat(r.intervals()).isEqualTo(8);
        assertThat(r.meanKilo()).isCloseTo(20, within(1e-9));
        assertThat(r.medianKilo()).isCloseTo(20, within(1e-9));
    }

    @Test
    void aStolenIntervalLowersTheMeanButNotTheMedian() {
        CounterSeries s = new CounterSeries();
        long count = 0;
        for (int i = 0; i <= 8; i++) {
            s.add(i * 250 * MS, count);
            count += i == 3 ? 0 : 5000; // one 250 ms interval without progress
        }
        WindowRate r = s.rate(0, 2000 * MS);

        assertThat(r.meanKilo()).isCloseTo(17.5, within(1e-9));
        assertThat(r.medianKilo()).isCloseTo(20, within(1e-9));
    }

    @Test
    void windowsWithoutTwoSamplesHaveNoFigureAndBadSamplesAreIgnored() {
        CounterSeries s = new CounterSeries();
        s.add(100 * MS, 10);
        s.add(50 * MS, 20);  // out of order
        s.add(200 * MS, 5);  // counter went back
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.rate(0, 1000 * MS)).isEqualTo(WindowRate.NONE);
    }
}
