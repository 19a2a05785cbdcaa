package io.vrguard.enforcer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class CodecsTest {
    @Test
    void cpuListRoundTripsAndRefusesGarbage() {
        assertThat(CpuList.canonical("3,0-1,2")).isEqualTo("0-3");
        assertThat(CpuList.canonical("0,2,4-5")).isEqualTo("0,2,4-5");
        assertThat(CpuList.canonical("")).isEmpty();
        for (String bad : new String[] {"0x1", "1-0", "a", "1,,2", "-1", "99999"}) {
            assertThatThrownBy(() -> CpuList.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void masksMirrorTheKernelsShape() {
        BitSet cpu1 = CpuList.parse("1");
        assertThat(CpuMask.format(cpu1, CpuMask.shape("3"))).isEqualTo("2");
        assertThat(CpuMask.format(CpuList.parse("0,39"), CpuMask.shape("ff,ffffffff"))).isEqualTo("80,00000001");
        assertThat(CpuMask.format(CpuList.parse("0"), CpuMask.shape("00,00000000,00000000")))
                .isEqualTo("00,00000000,00000001");
        assertThat(CpuMask.format(new BitSet(), CpuMask.shape("0"))).isEqualTo("0");
        assertThat(CpuList.format(CpuMask.parse("80,00000001"))).isEqualTo("0,39");
        assertThat(CpuList.format(CpuMask.parse("ffffffff,ffffffff"))).isEqualTo("0-63");
    }

    @Test
    void masksRefuseCpusTheShapeCannotHoldAndMalformedText() {
        assertThatThrownBy(() -> CpuMask.format(CpuList.parse("4"), CpuMask.shape("3")))
                .hasMessageContaining("does not fit");
        for (String bad : new String[] {"0x1", "1-1", "", "3,1", "g"}) {
            assertThatThrownBy(() -> CpuMask.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void sharesAndWeightFollowSystemd() {
        assertThat(CpuShares.toWeight(1024)).isEqualTo(100);
        assertThat(CpuShares.toWeight(100)).isEqualTo(9);
        assertThat(CpuShares.toWeight(10000)).isEqualTo(976);
        assertThat(CpuShares.toWeight(2)).isEqualTo(1);
        assertThat(CpuShares.toWeight(262144)).isEqualTo(10000);
        assertThat(CpuShares.toShares(100)).isEqualTo(1024);
        assertThat(CpuShares.toShares(1)).isEqualTo(10);
        assertThat(CpuShares.toShares(10000)).isEqualTo(102400);
    }

    @Test
    void quotaCanonicalForm() {
        assertThat(CpuQuota.parse("max", 100000).canonical()).isEqualTo("max 100000");
        assertThat(CpuQuota.parse("50000 100000", 0).cpus()).isEqualTo(0.5);
        assertThatThrownBy(() -> CpuQuota.parse("1 2 3", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
