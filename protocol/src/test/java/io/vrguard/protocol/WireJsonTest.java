package io.vrguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireJsonTest {

    static HostSample sample() {
        InterfaceSample eth = new InterfaceSample("eth0", VrSample.STATE_OK, 1000, 990, 10, 0,
                new InterfaceCounters(5000, 4950, 50, 0, 0, 0), List.of(), List.of(1));
        VrSample vr = new VrSample("vr1", VrKind.KVM, VrSample.STATE_OK, 1000, 990, 10, 1010, 990,
                61.0, 50.0, 11.0, null, 2048L, null, null, 100000L, 0.0, 0.0, List.of(0), List.of(eth));
        CpuSample cpu = new CpuSample(0, 120, 3, 1000, 0, 0.5, 97.0, 12.0, 0.0);
        return new HostSample(WireSchema.HOST_SAMPLE, "host-a", 42, Instant.parse("2026-11-21T10:00:01Z"), 1000,
                1000.4, List.of(cpu), List.of(vr), List.of());
    }

    @Test
    void hostSampleRoundTripsWithDocumentedFieldNames() {
        String json = WireJson.toJson(sample());

        assertThat(json).contains("\"host\":\"host-a\"", "\"seq\":42", "\"intervalMs\":1000",
                "\"timestamp\":\"2026-11-21T10:00:01Z\"", "\"kind\":\"kvm\"", "\"cpuShares\":2048",
                "\"rxDropPps\":10.0", "\"counters\":{\"rxPackets\":5000", "\"softnetDroppedPerSec\":0.0");
        assertThat(json).doesNotContain("cpuWeight", "quotaUs");
        assertThat(WireJson.decode(json, HostSample.class)).isEqualTo(sample());
    }

    @Test
    void unknownFieldsAreIgnoredSoOlderReadersKeepWorking() {
        String json = WireJson.toJson(sample()).replace("\"seq\":42", "\"seq\":42,\"newField\":[1,2]");

        assertThat(WireJson.decode(json, HostSample.class).seq()).isEqualTo(42);
    }

    @Test
    void newerSchemaVersionIsRefusedWithItsReason() {
        String json = WireJson.toJson(sample()).replace("\"schema\":1", "\"schema\":99");

        assertThatThrownBy(() -> WireJson.decode(json, HostSample.class))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("schema version 99 is not supported");
    }

    @Test
    void truncatedMissingAndOversizedRecordsAreRefused() {
        String json = WireJson.toJson(sample());

        assertThatThrownBy(() -> WireJson.decode(json.substring(0, json.length() / 2), HostSample.class))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("malformed HostSample");
        assertThatThrownBy(() -> WireJson.decode("{\"schema\":1,\"seq\":1}", HostSample.class))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> WireJson.decode(new byte[WireJson.MAX_RECORD_BYTES + 1], HostSample.class))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> WireJson.decode("{\"schema\":1,\"host\":\"h\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"routers\":[{\"name\":\"vr\",\"kind\":\"xen\"}]}", HostSample.class))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("xen");
    }

    @Test
    void serdeDecodesWhatItEncodes() {
        WireSerde<HostSample> serde = new WireSerde<>(HostSample.class);
        byte[] bytes = serde.serialize("t", sample());

        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"schema\":1");
        assertThat(serde.deserialize("t", bytes)).isEqualTo(sample());
    }

    @Test
    void effectiveAffinityRoundTripsAndIsLeftOutWhereThereIsNone() {
        AppliedChange irq = new AppliedChange("vr3", Setting.IRQ_AFFINITY, "vf0/irq 37", "2-3", "0-3", "2-3",
                "procfs", "changed", null, "0", "2");
        AppliedChange shares = new AppliedChange("vr1", Setting.CPU_SHARES, "cpu.shares", "2048", "1024", "2048",
                "cgroupfs", "changed", null);
        ActionResult r = new ActionResult(WireSchema.ACTION_RESULT, "c1", "host-a",
                Instant.parse("2026-11-21T10:00:00Z"), ActionStatus.APPLIED, "enforce", "v1", null,
                List.of(irq, shares));

        String json = WireJson.toJson(r);

        assertThat(json).contains("\"effectiveBefore\":\"0\",\"effectiveAfter\":\"2\"");
        assertThat(json.substring(json.indexOf("cpu.shares"))).doesNotContain("effective");
        assertThat(WireJson.decode(json, ActionResult.class)).isEqualTo(r);
    }

    @Test
    void aPolicyMinimumForQuotaTravelsOnlyWhenSet() {
        EnforcementCommand c = new EnforcementCommand(WireSchema.COMMAND, "c1", "host-a",
                Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:01:00Z"), CommandType.APPLY,
                "v1", "test", List.of(new SettingChange("vr1", Setting.CPU_QUOTA, null, "50000 100000",
                        new PolicyBounds(2L, 262144L, true, List.of(), 25.0)),
                        new SettingChange("vr2", Setting.CPU_SHARES, null, "2048",
                                new PolicyBounds(2L, 262144L, false, List.of()))), Map.of());

        String json = WireJson.toJson(c);

        assertThat(json).containsOnlyOnce("\"minQuotaPercent\":25.0");
        assertThat(WireJson.decode(json, EnforcementCommand.class)).isEqualTo(c);
    }
}
