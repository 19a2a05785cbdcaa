package io.vrguard.enforcer.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The core's parsers of kernel text ({@code smp_affinity_list}, {@code rps_cpus}, {@code cpu.max} and the same
 * formats in commands) over generated and mutated input: each either returns a value or refuses with an
 * IllegalArgumentException that says why (never another exception), accepts only the characters of its format,
 * and reads back what it writes.
 */
class CodecPropertiesTest {
    /** Characters that look like the formats' but are not theirs: other scripts' digits, signs, controls. */
    private static final String ODD = "x+\u0000\u0661\uff10\u0663\u00a0\u2003";

    @Provide
    Arbitrary<String> lists() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789,- \n\t" + ODD).ofMaxLength(40),
                mutationsOf("0-3,8,10-11\n"), mutationsOf("0\n"), mutationsOf("8191"), mutationsOf("8192"));
    }

    @Provide
    Arbitrary<String> masks() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdefABCDEF, \n" + ODD).ofMaxLength(40),
                mutationsOf("00000000,0000000f\n"), mutationsOf("ff,ffffffff\n"), mutationsOf("3\n"),
                Arbitraries.integers().between(250, 260).map(n -> String.join(",", java.util.Collections.nCopies(n,
                        "00000001"))));
    }

    @Provide
    Arbitrary<String> quotas() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789 max\n\t-" + ODD).ofMaxLength(40),
                mutationsOf("max 100000\n"), mutationsOf("50000 100000\n"), mutationsOf("max"),
                mutationsOf("999999999999999999 1000000"));
    }

    @Property(tries = 400)
    void aCpuListIsCpusBelowTheLimitOrRefused(@ForAll("lists") String text) {
        refusedOnlyWithIllegalArgument(() -> CpuList.parse(text)).ifPresent(cpus -> {
            assertThat(cpus.length()).isLessThanOrEqualTo(CpuList.MAX_CPUS);
            assertThat(text.strip()).as("only the list format's characters").matches("[0-9,-]*");
            assertThat(CpuList.parse(CpuList.format(cpus))).isEqualTo(cpus);
            assertThat(CpuList.canonical(CpuList.canonical(text))).isEqualTo(CpuList.canonical(text));
        });
    }

    @Property(tries = 300)
    void everyCpuSetRoundTripsThroughTheListFormat(@ForAll("cpuSets") BitSet cpus) {
        assertThat(CpuList.parse(CpuList.format(cpus))).isEqualTo(cpus);
    }

    @Property(tries = 400)
    void aMaskIsCpusBelowTheLimitOrRefusedAndIsWrittenBackInItsOwnShape(@ForAll("masks") String text) {
        refusedOnlyWithIllegalArgument(() -> CpuMask.parse(text)).ifPresent(cpus -> {
            assertThat(cpus.length()).isLessThanOrEqualTo(CpuList.MAX_CPUS);
            assertThat(text.strip()).as("only the mask format's characters").matches("[0-9a-fA-F,]+");
            CpuMask.Shape shape = CpuMask.shape(text);
            assertThat(CpuMask.format(cpus, shape)).isEqualTo(text.strip().toLowerCase(Locale.ROOT));
        });
        refusedOnlyWithIllegalArgument(() -> CpuMask.shape(text));
    }

    @Property(tries = 300)
    void everyCpuSetRoundTripsThroughAMaskWideEnough(@ForAll("cpuSets") BitSet cpus,
            @ForAll @IntRange(min = 0, max = 3) int extraGroups) {
        int groups = Math.max(1, (cpus.length() + 31) / 32) + extraGroups;
        CpuMask.Shape shape = new CpuMask.Shape(Math.min(groups, CpuMask.MAX_GROUPS), 8);
        String mask = CpuMask.format(cpus, shape);
        assertThat(CpuMask.parse(mask)).isEqualTo(cpus);
        assertThat(CpuMask.shape(mask)).isEqualTo(shape);
    }

    @Property(tries = 400)
    void aQuotaIsNonNegativeMicrosecondsOrRefusedAndItsCanonicalFormReadsBack(@ForAll("quotas") String text,
            @ForAll @IntRange(min = 1000, max = 1_000_000) int currentPeriod) {
        refusedOnlyWithIllegalArgument(() -> CpuQuota.parse(text, currentPeriod)).ifPresent(quota -> {
            assertThat(quota.periodUs()).isNotNegative();
            assertThat(quota.unlimited() || quota.quotaUs() >= 0).isTrue();
            assertThat(text.strip()).as("only the quota format's characters").matches("(max|[0-9]+)(\\s+[0-9]+)?");
            assertThat(CpuQuota.parse(quota.canonical(), 1)).isEqualTo(quota);
        });
    }

    @Provide
    Arbitrary<BitSet> cpuSets() {
        Arbitrary<Integer> cpu = Arbitraries.oneOf(Arbitraries.integers().between(0, 63),
                Arbitraries.integers().between(0, CpuList.MAX_CPUS - 1));
        return cpu.list().ofMaxSize(30).map(cpus -> {
            BitSet set = new BitSet();
            cpus.forEach(set::set);
            return set;
        });
    }

    /** One random edit of a real value: truncated, a character changed or added, a huge number inserted. */
    static Arbitrary<String> mutationsOf(String original) {
        int n = Math.max(1, original.length());
        Arbitrary<Integer> at = Arbitraries.integers().between(0, n - 1);
        Arbitrary<Character> junk = Arbitraries.of('x', ',', '-', ' ', '\n', '9', 'f', '\0', '\u0661');
        return Arbitraries.oneOf(
                at.map(i -> original.substring(0, i)),
                Combinators.combine(at, junk).as((i, c) -> original.substring(0, i) + c
                        + original.substring(Math.min(original.length(), i + 1))),
                Combinators.combine(at, junk).as((i, c) -> original.substring(0, i) + c + original.substring(i)),
                Combinators.combine(at, Arbitraries.of("99999999999999999999", "4294967296", "8192", "-1"))
                        .as((i, big) -> original.substring(0, i) + big + original.substring(i)),
                Arbitraries.of(List.of("", " ", "\n", ",", "-", original + original)));
    }

    /** Runs a parse: its value, or empty when it refused with an IllegalArgumentException that says why. */
    private static <T> java.util.Optional<T> refusedOnlyWithIllegalArgument(Supplier<T> parse) {
        try {
            return java.util.Optional.of(parse.get());
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return java.util.Optional.empty();
        }
    }
}
