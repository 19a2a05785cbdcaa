package io.vrguard.enforcer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.enforcer.core.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class EnforcerPropertiesTest {
    @TempDir
    Path dir;

    @Configuration
    @EnableConfigurationProperties(EnforcerProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class);

    @Test
    void defaultsToDryRunWithSafeLimits() {
        runner.withPropertyValues("vrguard.enforcer.host-id=h1", "vrguard.enforcer.keys[0].id=k1",
                "vrguard.enforcer.keys[0].env=VRGE_KEY", "vrguard.enforcer.state-dir=/tmp/s").run(ctx -> {
                    EnforcerProperties p = ctx.getBean(EnforcerProperties.class);
                    assertThat(p.mode()).isEqualTo(Mode.DRY_RUN);
                    assertThat(p.maxFactor()).isEqualTo(2.0);
                    assertThat(p.minQuotaPercent()).isEqualTo(10.0);
                    assertThat(p.roots().proc()).isEqualTo(Path.of("/proc"));
                    assertThat(p.revertOnShutdown()).isFalse();
                });
    }

    @Test
    void everyProblemIsReportedAtStartup() {
        runner.withPropertyValues("vrguard.enforcer.mode=enforce", "vrguard.enforcer.max-factor=0.5",
                "vrguard.enforcer.min-quota-percent=0",
                "vrguard.enforcer.keys[0].id=k1", "vrguard.enforcer.keys[0].env=X",
                "vrguard.enforcer.keys[0].file=/x",
                "vrguard.enforcer.inventory=/nonexistent/i.yaml").run(ctx -> {
                    assertThat(ctx).hasFailed();
                    StringBuilder message = new StringBuilder();
                    for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) {
                        message.append(t.getMessage()).append('\n');
                    }
                    assertThat(message.toString()).contains("hostId", "stateDir", "inventory", "maxFactor",
                            "minQuotaPercent", "exactly one of 'file' or 'env'");
                });
    }

    @Test
    void theFleetAddressIsNoHostId() {
        runner.withPropertyValues("vrguard.enforcer.host-id=*", "vrguard.enforcer.keys[0].id=k1",
                "vrguard.enforcer.keys[0].env=VRGE_KEY", "vrguard.enforcer.state-dir=/tmp/s").run(ctx -> {
                    assertThat(ctx).hasFailed();
                    StringBuilder message = new StringBuilder();
                    for (Throwable t = ctx.getStartupFailure(); t != null; t = t.getCause()) {
                        message.append(t.getMessage()).append('\n');
                    }
                    assertThat(message.toString()).contains("host-id must not be '*'");
                });
    }

    @Test
    void keysComeFromFilesOrEnvironmentAndAreNeverPrinted() throws Exception {
        Path file = dir.resolve("k1");
        Files.writeString(file, "file-secret-of-at-least-thirty-two-bytes\n");
        var ring = KeyLoader.load(List.of(new EnforcerProperties.Key("k1", file, null),
                new EnforcerProperties.Key("k2", null, "VRGE_K2")),
                Map.of("VRGE_K2", "env-secret-of-at-least-thirty-two-bytes!")::get);
        assertThat(ring.toString()).contains("k1", "k2").doesNotContain("secret");
        assertThatThrownBy(() -> KeyLoader.load(List.of(new EnforcerProperties.Key("k3", null, "VRGE_UNSET")),
                Map.<String, String>of()::get)).hasMessage("HMAC key 'k3': environment variable VRGE_UNSET is not set");
    }

    /** A key directory is re-read on change: the enforcer learns a new key and forgets a retired one live. */
    @Test
    void keyDirectoryKeysRotateBesideFixedKeys() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Files.writeString(keys.resolve("k2026a.key"), java.util.Base64.getEncoder()
                .encodeToString("a-secret-of-at-least-thirty-two-bytes!!".getBytes()));
        var ring = KeyLoader.load(List.of(new EnforcerProperties.Key("fixed", null, "VRGE_FIXED")), keys,
                Map.of("VRGE_FIXED", "env-secret-of-at-least-thirty-two-bytes!")::get);
        assertThat(ring.ids()).containsExactly("fixed", "k2026a");

        Files.writeString(keys.resolve("k2026b.key"), java.util.Base64.getEncoder()
                .encodeToString("b-secret-of-at-least-thirty-two-bytes!!".getBytes()));
        assertThat(ring.ids()).containsExactly("fixed", "k2026a", "k2026b");
        Files.delete(keys.resolve("k2026a.key"));
        assertThat(ring.ids()).containsExactly("fixed", "k2026b");
        assertThat(ring.toString()).doesNotContain("secret");

        Files.writeString(keys.resolve("fixed.key"), java.util.Base64.getEncoder()
                .encodeToString("c-secret-of-at-least-thirty-two-bytes!!".getBytes()));
        assertThatThrownBy(() -> KeyLoader.load(List.of(new EnforcerProperties.Key("fixed", null, "VRGE_FIXED")),
                keys, Map.of("VRGE_FIXED", "env-secret-of-at-least-thirty-two-bytes!")::get))
                .hasMessageContaining("[fixed] are configured twice");
    }

    @Test
    void aKeyDirectoryAloneIsEnoughAndNoKeyAtAllIsRefused() {
        runner.withPropertyValues("vrguard.enforcer.host-id=h1", "vrguard.enforcer.key-dir=/etc/vrguard/keys",
                "vrguard.enforcer.state-dir=/tmp/s")
                .run(ctx -> assertThat(ctx.getBean(EnforcerProperties.class).keyDir())
                        .isEqualTo(Path.of("/etc/vrguard/keys")));
        runner.withPropertyValues("vrguard.enforcer.host-id=h1", "vrguard.enforcer.state-dir=/tmp/s")
                .run(ctx -> assertThat(ctx).hasFailed());
    }
}
