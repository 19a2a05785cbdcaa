package io.vrguard.analyzer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyDirectory;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.WireSchema;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyzer's HMAC keys: from the environment/properties or a key directory, signing with the configured id. */
class SigningKeysTest {
    private static final String OLD = b64("old-secret-of-at-least-thirty-two-bytes");
    private static final String NEW = b64("new-secret-of-at-least-thirty-two-bytes");

    @TempDir
    Path keys;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static AnalyzerProperties props(AnalyzerProperties.Signing signing) {
        return new AnalyzerProperties(new AnalyzerProperties.Kafka("localhost:9092", "g", 500, 6, (short) 1, 1,
                java.time.Duration.ofSeconds(10)),
                new AnalyzerProperties.Detection(3, 5, 2, 3, 95, 3, Duration.ofSeconds(30), Duration.ofSeconds(30),
                        1024, 60, 2.0),
                new AnalyzerProperties.Influx(URI.create("http://localhost:8086"), "vrguard", "u", "influx-pass!",
                        5, Duration.ofMillis(200), Duration.ofSeconds(5)),
                signing, new AnalyzerProperties.Alertmanager(null, Duration.ofSeconds(30), Duration.ofSeconds(5)),
                null, Duration.ofSeconds(1), Duration.ofSeconds(3),
                new AnalyzerProperties.Api(false, null, "VRGUARD_ANALYZER_API_TOKEN"));
    }

    private static EnforcementCommand command() {
        Instant now = Instant.parse("2026-11-22T01:00:00Z");
        return new EnforcementCommand(WireSchema.COMMAND, "c-1", "h1", now, now.plusSeconds(30), CommandType.APPLY,
                "v-1", "test", List.of(), Map.of());
    }

    @Test
    void rotationSignsWithTheNewIdWhileTheOldStaysKnown() throws Exception {
        Files.writeString(keys.resolve("k2026b.key"), NEW);
        AnalyzerProperties p = props(new AnalyzerProperties.Signing("k2026b", Map.of("k2026a", OLD), keys));
        HmacKeyRing ring = new AnalyzerConfiguration().hmacKeyRing(p);
        assertThat(ring.ids()).containsExactly("k2026a", "k2026b");

        SignedCommand signed = CommandSigning.sign(command(), p.signing().keyId(), ring); // as OutputPublisher does
        assertThat(signed.keyId()).isEqualTo("k2026b");
        // an enforcer reading the same key directory accepts it
        HmacKeyRing enforcer = HmacKeyRing.live(new HmacKeyDirectory(keys));
        assertThat(CommandSigning.verify(signed, enforcer)).isEqualTo(command());
    }

    @Test
    void refusesAKeyIdItHasNoKeyFor() {
        assertThatThrownBy(() -> new AnalyzerConfiguration().hmacKeyRing(
                props(new AnalyzerProperties.Signing("k9", Map.of("k2026a", OLD), null))))
                .hasMessageContaining("'k9' is not among the configured keys HmacKeyRing[k2026a]")
                .hasMessageNotContaining(OLD);
    }

    @Test
    void settingsNeverPrintASecret() {
        AnalyzerProperties p = props(new AnalyzerProperties.Signing("k2026a", Map.of("k2026a", OLD), null));
        assertThat(p.toString()).contains("k2026a").doesNotContain(OLD).doesNotContain("influx-pass!");
    }
}
