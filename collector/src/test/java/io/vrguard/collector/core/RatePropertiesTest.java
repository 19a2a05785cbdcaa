package io.vrguard.collector.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rate arithmetic over any pair of readings a kernel file (or a corrupt read of one) can give: counters that
 * grow, wrap, go back, jump, or sit near 2^63. Percentages stay within 0..100 or are absent, rates are never
 * negative and never beyond what a device or CPU can do.
 */
class RatePropertiesTest {
    @Provide
    Arbitrary<Long> counters() {
        // mostly realistic magnitudes (sums of eight huge values overflow and are refused as a whole)
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 10_000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 1L << 40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, 1L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE,
                        Long.MAX_VALUE - 1)));
    }

    @Provide
    Arbitrary<CpuTimes> times() {
        Arbitrary<Long> c = counters();
        return Combinators.combine(c, c, c, c, c, c, c, c).as(CpuTimes::new);
    }

    @Property(tries = 2000)
    void cpuPercentagesAreWithinZeroAndHundredOrAbsent(@ForAll("times") CpuTimes t0, @ForAll("times") CpuTimes t1) {
        double[] p = CpuRates.percents(t0, t1);
        if (p != null) {
            assertThat(java.util.Arrays.stream(p).boxed().toList()).allMatch(v -> Double.isFinite(v) && v >= 0 && v <= 100);
        }
    }

    @Property(tries = 1000)
    void cpuPercentagesOfGrowingCountersAreWithinZeroAndHundred(@ForAll("times") CpuTimes t0,
            @ForAll("steps") long[] steps) {
        CpuTimes t1 = new CpuTimes(t0.user() + steps[0], t0.nice() + steps[1], t0.system() + steps[2],
                t0.idle() + steps[3], t0.iowait() + steps[4], t0.irq() + steps[5], t0.softirq() + steps[6],
                t0.steal() + steps[7]);
        double[] p = CpuRates.percents(t0, t1);
        if (p != null) {
            assertThat(java.util.Arrays.stream(p).boxed().toList()).allMatch(v -> Double.isFinite(v) && v >= 0 && v <= 100);
        }
    }

    @Provide
    Arbitrary<long[]> steps() {
        return Arbitraries.longs().between(-50, 500).array(long[].class).ofSize(8);
    }

    @Property(tries = 2000)
    void counterDeltasNeverGiveANegativeOrAbsurdRate(@ForAll("counters") long c0, @ForAll("counters") long c1,
            @ForAll("seconds") double seconds) {
        assertThat(Counters.rate(Counters.delta32(c0 & 0xffff_ffffL, c1 & 0xffff_ffffL), seconds))
                .isBetween(0.0, 0x8000_0000L / Math.max(seconds, 1e-9));
        double r64 = Counters.rate(Counters.delta64(c0, c1), seconds);
        assertThat(r64).isGreaterThanOrEqualTo(0.0).matches(Double::isFinite);
    }

    @Provide
    Arbitrary<Double> seconds() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0.05, 60), Arbitraries.of(0.0, -1.0, 1e-6));
    }

    @Property(tries = 2000)
    void interfaceRatesAreResetsNotSpikesWhenCountersJump(@ForAll("counters") long a, @ForAll("counters") long b,
            @ForAll("counters") long c, @ForAll("counters") long d) {
        NetDevCounters c0 = new NetDevCounters(0, a, 0, b, 0, 0, c, 0, d, 0);
        NetDevCounters c1 = new NetDevCounters(0, b, 0, a, 0, 0, d, 0, c, 0);
        IfKey key = new IfKey(1, 2, "eth0");
        for (boolean swapped : new boolean[] {false, true}) {
            var s = InterfaceRates.of(new IfReading("eth0", key, swapped, c0, null, null),
                    new IfReading("eth0", key, swapped, c1, null, null), 1.0);
            assertThat(java.util.List.of(s.rxPps(), s.txPps(), s.rxDropPps(), s.txDropPps()))
                    .allMatch(v -> Double.isFinite(v) && v >= 0 && v <= Counters.MAX_PPS);
        }
    }
}
