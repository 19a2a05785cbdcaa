package io.vrguard.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every /proc, /sys and cgroup parser over generated and mutated input: none throws (the few that refuse a whole
 * value do so with IllegalArgumentException, which their callers count), no parsed counter is negative, and the
 * skipped-line count never exceeds the lines there were.
 */
class ParserPropertiesTest {
    static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
             vnet3: 1200 50 0 3 1 0 0 0 900 400 0 7 2 0 0 0
            vrgc-long-name0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
            """;
    static final String SOFTIRQS = """
                                CPU0       CPU1
                      HI:          0          0
                  NET_TX:          5          6
                  NET_RX:        100        200
                   SCHED:         10         20
            """;
    static final String SOFTNET = """
            00000010 00000001 00000002 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000
            00000020 00000000 00000003 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000001 00000000 00000000
            """;
    static final String STAT = """
            cpu  2 0 2 10 0 0 2 0 0 0
            cpu0 1 0 1 5 0 0 1 0 0 0
            cpu1 1 0 1 5 0 0 1 0 0 0
            intr 12345 0 0
            ctxt 999
            """;
    static final String INTERRUPTS = """
                       CPU0       CPU1
              38:          0       7747  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
              39:         12          3  PCI-MSIX-0000:00:04.0   2-edge      eth0-TxRx-0
             NMI:          0          0   Non-maskable interrupts
            """;
    static final String CPU_STAT = """
            usage_usec 2000000
            user_usec 1500000
            system_usec 500000
            nr_periods 10
            nr_throttled 2
            throttled_usec 3000
            """;

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Mutations.kernelishText(), Mutations.numericLines(),
                Mutations.mutationsOf(NET_DEV), Mutations.mutationsOf(SOFTIRQS), Mutations.mutationsOf(SOFTNET),
                Mutations.mutationsOf(STAT), Mutations.mutationsOf(INTERRUPTS), Mutations.mutationsOf(CPU_STAT));
    }

    @Property(tries = 400)
    void netDevNeverThrowsAndCountersAreNeverNegative(@ForAll("anyText") String text) {
        var parsed = NetDevParser.parse(new StringReader(text));
        assertSkipped(parsed, text);
        parsed.value().forEach((name, c) -> {
            assertThat(name).isNotBlank().doesNotContain(":");
            assertThat(List.of(c.rxBytes(), c.rxPackets(), c.rxErrors(), c.rxDropped(), c.rxFifo(), c.txBytes(),
                    c.txPackets(), c.txErrors(), c.txDropped(), c.txFifo())).allMatch(v -> v >= 0);
        });
    }

    @Property(tries = 300)
    void softirqsNeverThrow(@ForAll("anyText") String text) {
        var parsed = SoftirqsParser.parse(new StringReader(text));
        assertSkipped(parsed, text);
        parsed.value().forEach((cpu, c) -> assertThat(List.of((long) cpu, c.netRx(), c.netTx()))
                .allMatch(v -> v >= 0));
    }

    @Property(tries = 300)
    void softnetNeverThrowsAndValuesAreU32(@ForAll("anyText") String text) {
        var parsed = SoftnetParser.parse(new StringReader(text));
        assertSkipped(parsed, text);
        parsed.value().forEach((cpu, c) -> assertThat(List.of((long) cpu, c.processed(), c.dropped(),
                c.timeSqueeze())).allMatch(v -> v >= 0 && v <= 0xffff_ffffL));
    }

    @Property(tries = 300)
    void procStatNeverThrows(@ForAll("anyText") String text) {
        var parsed = ProcStatParser.parse(new StringReader(text));
        assertSkipped(parsed, text);
        parsed.value().forEach((cpu, t) -> assertThat(List.of((long) cpu, t.user(), t.nice(), t.system(), t.idle(),
                t.iowait(), t.irq(), t.softirq(), t.steal())).allMatch(v -> v >= 0));
    }

    @Property(tries = 300)
    void interruptsNeverThrow(@ForAll("anyText") String text) {
        var parsed = InterruptsParser.parse(new StringReader(text));
        assertSkipped(parsed, text);
        parsed.value().forEach(irq -> {
            assertThat(irq.irq()).isNotNegative();
            assertThat(irq.perCpu().values()).allMatch(v -> v >= 0);
            assertThatCode(() -> irq.raisedBy("eth0")).doesNotThrowAnyException();
        });
    }

    @Property(tries = 300)
    void cgroupKeyValuesAgreeBetweenTextAndBytesAndNeverThrow(@ForAll("anyText") String text) {
        var fromText = CgroupFiles.keyValues(new StringReader(text));
        var fromBytes = CgroupFiles.keyValues(ByteText.of(text));
        assertSkipped(fromBytes, text);
        assertThat(fromBytes.value().values()).allMatch(v -> v >= 0);
        // the byte parser (used every sample) reads what the line parser reads, wherever both accept a line
        fromText.value().forEach((k, v) -> {
            if (fromBytes.value().containsKey(k)) {
                assertThat(fromBytes.value().get(k)).isEqualTo(v);
            }
        });
    }

    @Property(tries = 300)
    void singleValuesAreANumberOrRefused(@ForAll("anyText") String text) {
        assertThat(CgroupFiles.singleUnsigned(ByteText.of(text))).isGreaterThanOrEqualTo(-1);
        refusedOnlyWithIllegalArgument(() -> CgroupFiles.singleLong(text));
        refusedOnlyWithIllegalArgument(() -> {
            var q = CgroupFiles.cpuMax(text);
            assertThat(q.periodUs()).isPositive();
            assertThat(q.quotaUs() == null || q.quotaUs() >= 0).isTrue();
        });
        refusedOnlyWithIllegalArgument(() -> CgroupFiles.cfs(text, text));
        assertThat(CgroupFiles.usagePerCpu(text).value()).allMatch(v -> v >= 0);
    }

    @Property(tries = 300)
    void cpuMasksAreCpuNumbersOrRefused(@ForAll("masks") String text) {
        refusedOnlyWithIllegalArgument(() -> assertThat(CpuMasks.parseHex(text)).allMatch(c -> c >= 0 && c < 8192));
        refusedOnlyWithIllegalArgument(() -> assertThat(CpuMasks.parseList(text)).allMatch(c -> c >= 0 && c < 8192));
    }

    @Provide
    Arbitrary<String> masks() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdefABCDEFx,- \n").ofMaxLength(40),
                Mutations.mutationsOf("00000000,0000000f\n"), Mutations.mutationsOf("0-3,8,10-11\n"));
    }

    private static void assertSkipped(Parsed<?> parsed, String text) {
        assertThat(parsed.skippedLines()).isBetween(0, (int) text.chars().filter(c -> c == '\n').count() + 1);
    }

    private static void refusedOnlyWithIllegalArgument(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 200)
    void netDevBytesAndTextAgreeOnRealShapedFiles(@ForAll("netDevs") String text) {
        Map<String, NetDevCounters> a = NetDevParser.parse(ByteText.of(text)).value();
        Map<String, NetDevCounters> b = NetDevParser.parse(new StringReader(text)).value();
        assertThat(a).isEqualTo(b);
    }

    @Provide
    Arbitrary<String> netDevs() {
        return Mutations.mutationsOf(NET_DEV);
    }
}
