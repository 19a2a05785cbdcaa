package io.vrguard.lab.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetDevTableTest {
    @Test
    void readsTxDroppedOfATunAndSkipsMalformedLines() {
        NetDevTable t = NetDevTable.parse("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
                vrgl1ta:      96       2    0    0    0     0          0         0 19478060  211719    0 2807    0     0       0          0
                broken: 1 2 3
                vrgl1tb: 18446744073709551615 7 0 1 0 0 0 0 0 9 0 0 0 0 0 0
                """);

        assertThat(t.get("vrgl1ta")).isEqualTo(new NetDevTable.Counters(2, 0, 211719, 2807));
        assertThat(t.get("vrgl1tb").rxDropped()).isEqualTo(1);
        assertThat(t.get("broken")).isNull();
        assertThat(t.devices()).containsOnlyKeys("lo", "vrgl1ta", "vrgl1tb");
    }
}
