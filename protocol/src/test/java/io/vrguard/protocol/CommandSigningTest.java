package io.vrguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandSigningTest {
    private static final byte[] OLD = "an-old-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "a-new-secret-of-at-least-32-bytes!!!".getBytes(StandardCharsets.UTF_8);
    private final HmacKeyRing ring = HmacKeyRing.of(Map.of("k1", OLD, "k2", NEW));

    private static EnforcementCommand command() {
        return new EnforcementCommand(WireSchema.COMMAND, "c-1", "host-a", Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T10:00:30Z"), CommandType.APPLY, "v-1", "starved",
                List.of(new SettingChange("vr1", Setting.CPU_SHARES, null, "2048",
                        new PolicyBounds(256L, 8192L, false, List.of()))),
                Map.of("vr1", 800.0));
    }

    @Test
    void verifiesUnderEveryLiveKeyId() {
        assertThat(CommandSigning.verify(CommandSigning.sign(command(), "k1", ring), ring)).isEqualTo(command());
        assertThat(CommandSigning.verify(CommandSigning.sign(command(), "k2", ring), ring)).isEqualTo(command());
    }

    @Test
    void rejectsTamperedPayloadWrongKeyAndUnknownKeyId() {
        SignedCommand signed = CommandSigning.sign(command(), "k1", ring);
        SignedCommand tampered = new SignedCommand(1, "k1", signed.signature(),
                signed.payload().replace("2048", "262144"));
        SignedCommand relabelled = new SignedCommand(1, "k2", signed.signature(), signed.payload());
        SignedCommand unknown = new SignedCommand(1, "k9", signed.signature(), signed.payload());

        assertThatThrownBy(() -> CommandSigning.verify(tampered, ring))
                .isInstanceOfSatisfying(CommandRejected.class, e -> assertThat(e.code()).isEqualTo("bad_signature"));
        assertThatThrownBy(() -> CommandSigning.verify(relabelled, ring))
                .isInstanceOfSatisfying(CommandRejected.class, e -> assertThat(e.code()).isEqualTo("bad_signature"));
        assertThatThrownBy(() -> CommandSigning.verify(unknown, ring))
                .isInstanceOfSatisfying(CommandRejected.class, e -> assertThat(e.code()).isEqualTo("unknown_key"));
    }

    @Test
    void shortSecretsAreRefusedAndSecretsNeverPrinted() {
        assertThatThrownBy(() -> HmacKeyRing.of(Map.of("k", new byte[8]))).hasMessageContaining("shorter than 32");
        assertThat(ring.toString()).doesNotContain("secret");
    }
}
