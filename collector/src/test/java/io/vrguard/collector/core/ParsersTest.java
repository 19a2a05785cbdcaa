package io.vrguard.collector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ParsersTest {
    static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0
            vrgc_very_long: 1000 10 1 3 4 0 0 0 2000 20 0 5 6 0 0 0
              eth0: 18446744073709551615 7 0 0 0 0 0 0 1 1 0 0 0 0 0 0
              bad0: 1 2 3
            no colon here
              bad1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x
            """;

    @Test
    void netDevSplitsAtTheColonReadsSixteenUnsignedColumnsAndCountsBadLines() {
        var parsed = NetDevParser.parse(new StringReader(NET_DEV));

        assertThat(parsed.value()).containsOnlyKeys("lo", "vrgc_very_long", "eth0");
        assertThat(parsed.value().get("vrgc_very_long"))
                .isEqualTo(new NetDevCounters(1000, 10, 1, 3, 4, 2000, 20, 0, 5, 6));
        assertThat(parsed.value().get("eth0").rxBytes()).isEqualTo(Long.MAX_VALUE); // u64 max, clamped
        assertThat(parsed.skippedLines()).isEqualTo(3);
    }

    @Test
    void truncatedNetDevKeepsTheCompleteLines() {
        String truncated = NET_DEV.substring(0, NET_DEV.indexOf("vrgc_very_long") + 30);
        var parsed = NetDevParser.parse(new StringReader(truncated));
        assertThat(parsed.value()).containsOnlyKeys("lo");
        assertThat(parsed.skippedLines()).isEqualTo(1);
    }

    @Test
    void softirqsByNameAndHeaderWithAnOfflineGap() {
        String text = """
                                    CPU0       CPU2       CPU3
                          HI:          0          0          0
                      NET_TX:         10         20 4294967295
                      NET_RX:        100        200        300
                BLOCK_IOPOLL:          0          0          0
                """;
        var parsed = SoftirqsParser.parse(new StringReader(text));
        assertThat(parsed.value()).containsOnlyKeys(0, 2, 3);
        assertThat(parsed.value().get(3)).isEqualTo(new SoftirqCounts(300, 4294967295L));
        assertThat(parsed.skippedLines()).isZero();

        var broken = SoftirqsParser.parse(new StringReader(text.replace("200", "2x0")));
        assertThat(broken.value()).isEmpty();
        assertThat(broken.skippedLines()).isEqualTo(1);
    }

    @Test
    void softnetOfEveryKernelGeneration() {
        String nine = "0000000a 00000001 00000002 00000000 00000000 00000000 00000000 00000000 00000000\n"
                + "0000000b 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n";
        assertThat(SoftnetParser.parse(new StringReader(nine)).value())
                .containsEntry(0, new SoftnetCounts(10, 1, 2)).containsEntry(1, new SoftnetCounts(11, 0, 0));
        String eleven = "ffffffff 00000001 00000002 0 0 0 0 0 0 00000005 00000000\n";
        assertThat(SoftnetParser.parse(new StringReader(eleven)).value().get(0).processed()).isEqualTo(0xffffffffL);
        // 15 columns (6.4+): CPU id from column 13, here CPU 1 and 3 online only
        String fifteen = "00000010 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000"
                + " 00000000 00000000 00000001 00000000 00000000\n"
                + "00000020 00000003 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000"
                + " 00000000 00000000 00000003 00000000 00000000\n"
                + "zzzz 0 0\n";
        var parsed = SoftnetParser.parse(new StringReader(fifteen));
        assertThat(parsed.value()).containsOnlyKeys(1, 3);
        assertThat(parsed.value().get(3)).isEqualTo(new SoftnetCounts(0x20, 3, 0));
        assertThat(parsed.skippedLines()).isEqualTo(1);
    }

    @Test
    void procStatPerCpuLinesOnly() {
        String text = """
                cpu  28002 0 28080 937292 172 0 250 1220 0 0
                cpu0 14001 0 14040 468646 86 0 125 610 0 0
                cpu1 14001 5 14040 468646 86 1 125 610
                cpu2 1 2 3
                intr 12345 0 0
                softirq 1 2 3
                """;
        var parsed = ProcStatParser.parse(new StringReader(text));
        assertThat(parsed.value()).containsOnlyKeys(0, 1);
        assertThat(parsed.value().get(0)).isEqualTo(new CpuTimes(14001, 0, 14040, 468646, 86, 0, 125, 610));
        assertThat(parsed.skippedLines()).isEqualTo(1);
    }

    @Test
    void interruptsMapsColumnsByHeaderAndKeepsHandlerNamesWithSpaces() {
        String text = """
                           CPU0       CPU1
                  24:          5          0  IO-APIC   24-fasteoi   virtio0
                  38:          0       7747  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
                  90:         12         13  PCI-MSIX-0000:3b:00.2  0-edge  vfio-msix[0](0000:3b:00.2)
                 101:          1          2  IR-PCI-MSI  eth0-TxRx-0, eth0-TxRx-1
                 NMI:          0          0   Non-maskable interrupts
                 ERR:          0
                 bad:
                  77:          x          1  chip name
                """;
        var parsed = InterruptsParser.parse(new StringReader(text));
        assertThat(parsed.value()).extracting(IrqCounts::irq).containsExactly(24, 38, 90, 101);
        assertThat(parsed.value().get(1).perCpu()).containsEntry(1, 7747L);
        assertThat(parsed.value().get(2).description()).contains("vfio-msix[0](0000:3b:00.2)");
        assertThat(parsed.value().get(3).raisedBy("eth0")).isTrue();
        assertThat(parsed.value().get(3).raisedBy("eth1")).isFalse();
        assertThat(parsed.skippedLines()).isEqualTo(1);
    }

    @Test
    void aCpuOrIrqNumberPastIntIsAMalformedLineNeverANegativeKey() {
        // found by ParserPropertiesTest (jqwik): the numbers were cast to int and came out negative
        var stat = ProcStatParser.parse(new StringReader("cpu4294967295 2 0 2 10 0 0 2 0 0 0\n"
                + "cpu18446744073709551615 2 0 2 10 0 0 2 0 0 0\ncpu0 1 0 1 5 0 0 1 0 0 0\n"));
        assertThat(stat.value()).containsOnlyKeys(0);
        assertThat(stat.skippedLines()).isEqualTo(2);

        var irqs = InterruptsParser.parse(new StringReader("""
                           CPU0       CPU1
                342949672968:          0       7747  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
                  39:         12          3  PCI-MSIX-0000:00:04.0   2-edge      eth0-TxRx-0
                 NMI:          0          0   Non-maskable interrupts
                """));
        assertThat(irqs.value()).extracting(IrqCounts::irq).containsExactly(39);
        assertThat(irqs.skippedLines()).isEqualTo(1);

        assertThat(SoftirqsParser.parse(new StringReader("CPU0 CPU4294967296\nNET_RX: 1 2\n")).value()).isEmpty();

        String fifteen = "00000010 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000"
                + " 00000000 00000000 ffffffff 00000000 00000000\n";
        var softnet = SoftnetParser.parse(new StringReader(fifteen));
        assertThat(softnet.value()).isEmpty();
        assertThat(softnet.skippedLines()).isEqualTo(1);
    }

    @Test
    void cpuMasksInBothForms() {
        assertThat(CpuMasks.parseHex("3\n")).containsExactly(0, 1);
        assertThat(CpuMasks.parseHex("0")).isEmpty();
        assertThat(CpuMasks.parseHex("ff,00000001")).containsExactly(0, 32, 33, 34, 35, 36, 37, 38, 39);
        assertThat(CpuMasks.parseHex("00,00000000,00000001")).containsExactly(0);
        assertThatThrownBy(() -> CpuMasks.parseHex("0x1")).hasMessageContaining("malformed");
        assertThat(CpuMasks.parseList("0-2,5,7-8\n")).containsExactly(0, 1, 2, 5, 7, 8);
        assertThat(CpuMasks.parseList("\n")).isEmpty();
        assertThatThrownBy(() -> CpuMasks.parseList("3-1")).hasMessageContaining("malformed");
    }

    @Test
    void cgroupFiles() {
        var stat = CgroupFiles.keyValues(new StringReader("""
                nr_periods 10
                nr_throttled 2
                throttled_time 5000000
                wait_sum garbage
                nr_bursts 0
                """));
        assertThat(stat.value()).containsEntry("nr_throttled", 2L).containsEntry("throttled_time", 5000000L)
                .doesNotContainKey("wait_sum");
        assertThat(stat.skippedLines()).isEqualTo(1);
        assertThat(CgroupFiles.cpuMax("max 100000\n")).isEqualTo(new CgroupFiles.Quota(null, 100000));
        assertThat(CgroupFiles.cpuMax("50000 100000")).isEqualTo(new CgroupFiles.Quota(50000L, 100000));
        assertThatThrownBy(() -> CgroupFiles.cpuMax("max")).hasMessageContaining("cpu.max");
        assertThat(CgroupFiles.cfs("-1\n", "100000\n")).isEqualTo(new CgroupFiles.Quota(null, 100000));
        assertThat(CgroupFiles.cfs("25000", "100000")).isEqualTo(new CgroupFiles.Quota(25000L, 100000));
        assertThat(CgroupFiles.singleLong("1024\n")).isEqualTo(1024);
        assertThatThrownBy(() -> CgroupFiles.singleLong("")).hasMessageContaining("integer");
        var percpu = CgroupFiles.usagePerCpu("1585460 2295247126 \n");
        assertThat(percpu.value()).containsExactly(1585460L, 2295247126L);
    }
}
