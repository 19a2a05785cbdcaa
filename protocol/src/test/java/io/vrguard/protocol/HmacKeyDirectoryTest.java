package io.vrguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation through a key directory: add the new key, sign with it, retire the old one, without a restart. */
class HmacKeyDirectoryTest {
    private static final byte[] OLD = "an-old-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "a-new-secret-of-at-least-32-bytes!!!".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static EnforcementCommand command() {
        return new EnforcementCommand(WireSchema.COMMAND, "c-1", "host-a", Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T10:00:30Z"), CommandType.APPLY, "v-1", "starved",
                List.of(new SettingChange("vr1", Setting.CPU_SHARES, null, "2048",
                        new PolicyBounds(256L, 8192L, false, List.of()))),
                Map.of("vr1", 800.0));
    }

    private void writeKey(String id, byte[] secret) throws IOException {
        // as an operator would: write aside, then rename into place (atomic, never a half file)
        Path tmp = dir.resolve("." + id + ".tmp");
        Files.writeString(tmp, Base64.getEncoder().encodeToString(secret) + "\n");
        Files.move(tmp, dir.resolve(id + ".key"), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void acceptsOldAndNewDuringRotationAndRefusesTheRetiredKey() throws IOException {
        writeKey("k1", OLD);
        HmacKeyDirectory directory = new HmacKeyDirectory(dir);
        HmacKeyRing verifier = HmacKeyRing.live(directory);
        HmacKeyRing oldSigner = HmacKeyRing.of(Map.of("k1", OLD));
        HmacKeyRing newSigner = HmacKeyRing.of(Map.of("k2", NEW));
        SignedCommand byOld = CommandSigning.sign(command(), "k1", oldSigner);
        SignedCommand byNew = CommandSigning.sign(command(), "k2", newSigner);

        assertThat(CommandSigning.verify(byOld, verifier)).isEqualTo(command());
        assertThatThrownBy(() -> CommandSigning.verify(byNew, verifier))
                .isInstanceOfSatisfying(CommandRejected.class, e -> assertThat(e.code()).isEqualTo("unknown_key"));

        writeKey("k2", NEW); // step 1: every enforcer learns the new key
        assertThat(verifier.ids()).containsExactly("k1", "k2");
        assertThat(CommandSigning.verify(byOld, verifier)).isEqualTo(command()); // in flight, signed before
        assertThat(CommandSigning.verify(byNew, verifier)).isEqualTo(command()); // step 2: analyzer signs with k2

        Files.delete(dir.resolve("k1.key")); // step 3: retire the old key
        assertThat(verifier.ids()).containsExactly("k2");
        assertThatThrownBy(() -> CommandSigning.verify(byOld, verifier))
                .isInstanceOfSatisfying(CommandRejected.class, e -> assertThat(e.code()).isEqualTo("unknown_key"));
        assertThat(CommandSigning.verify(byNew, verifier)).isEqualTo(command());
    }

    @Test
    void aBadFileKeepsTheLastGoodKeysAndNamesTheFileNotTheSecret() throws IOException {
        writeKey("k1", OLD);
        HmacKeyDirectory directory = new HmacKeyDirectory(dir);
        Files.writeString(dir.resolve("k2.key"), Base64.getEncoder().encodeToString("short".getBytes()));

        assertThat(directory.get().ids()).containsExactly("k1");
        assertThat(directory.problem()).contains("k2").contains("shorter than 32 bytes")
                .doesNotContain(Base64.getEncoder().encodeToString(OLD));

        writeKey("k2", NEW);
        assertThat(directory.get().ids()).containsExactly("k1", "k2");
        assertThat(directory.problem()).isNull();
    }

    @Test
    void refusesAtStartADirectoryThatDoesNotLoad() throws IOException {
        Files.writeString(dir.resolve("k1.key"), "not base64 at all !!!");
        assertThatThrownBy(() -> new HmacKeyDirectory(dir)).hasMessageContaining("k1.key is not base64");
        assertThatThrownBy(() -> new HmacKeyDirectory(dir.resolve("missing"))).hasMessageContaining("missing");
    }

    @Test
    void neverShowsASecretInItsDescription() throws IOException {
        writeKey("k1", OLD);
        HmacKeyRing ring = HmacKeyRing.live(new HmacKeyDirectory(dir));
        assertThat(ring.toString()).isEqualTo("HmacKeyRing[k1]")
                .doesNotContain(Base64.getEncoder().encodeToString(OLD)).doesNotContain(new String(OLD));
    }
}
