package io.vrguard.analyzer.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.analyzer.kafka.DeadLetterReason;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyRecordTest {
    private static final String GOOD = "{\"scope\":\"vr:*/vr1\",\"guaranteeKpps\":800}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DeadLetterReason refusal(String key, byte[] value) {
        try {
            PolicyRecord.decode(key, value);
        } catch (WireFormatException e) {
            return DeadLetterReason.of(e.getMessage());
        }
        throw new AssertionError("accepted");
    }

    @Test
    void aGoodRuleIsReadWithOrWithoutItsVersion() {
        assertThat(PolicyRecord.decode("vr:*/vr1", bytes(GOOD)).guaranteeKpps()).isEqualTo(800.0);
        assertThat(PolicyRecord.decode("fleet", bytes("{\"schema\":1,\"scope\":\"fleet\"}")).scope())
                .isEqualTo("fleet");
    }

    @Test
    void eachKindOfBadRecordIsRefusedWithItsReason() {
        assertThat(refusal("vr:*/vr1", bytes(GOOD.substring(0, 20)))).isEqualTo(DeadLetterReason.TRUNCATED);
        assertThat(refusal("vr:*/vr1", bytes("not json"))).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(refusal("fleet", bytes("{\"schema\":7,\"scope\":\"fleet\"}")))
                .isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
        assertThat(refusal("fleet", new byte[WireJson.MAX_RECORD_BYTES + 1])).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(refusal("fleet", new byte[0])).isEqualTo(DeadLetterReason.EMPTY);
        assertThatThrownBy(() -> PolicyRecord.decode("fleet", bytes(GOOD))).hasMessageContaining("is not its scope");
    }
}
