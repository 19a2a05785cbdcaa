package io.vrguard.analyzer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The metric's reason tag follows what protocol's decoder says about each kind of bad record. */
class DeadLetterReasonTest {
    private static DeadLetterReason reasonFor(byte[] record) {
        try {
            WireJson.decode(record, HostSample.class);
        } catch (WireFormatException e) {
            return DeadLetterReason.of(e.getMessage());
        }
        throw new AssertionError("decoded");
    }

    @Test
    void eachRefusalHasItsTag() {
        String good = "{\"schema\":1,\"host\":\"h\",\"seq\":1,\"timestamp\":\"2026-11-22T00:00:00Z\","
                + "\"intervalMs\":1000,\"elapsedMs\":1000.0,\"cpus\":[],\"routers\":[]}";
        assertThat(WireJson.decode(good, HostSample.class).seq()).isEqualTo(1);
        assertThat(reasonFor(good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeadLetterReason.TRUNCATED);
        assertThat(reasonFor(good.replace("\"schema\":1", "\"schema\":99").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
        assertThat(reasonFor(new byte[WireJson.MAX_RECORD_BYTES + 1])).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(reasonFor("{\"seq\":\"x\"".repeat(1).concat("}").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(reasonFor(new byte[0])).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(DeadLetterReason.UNSUPPORTED_VERSION.tag()).isEqualTo("unsupported_version");
    }
}
