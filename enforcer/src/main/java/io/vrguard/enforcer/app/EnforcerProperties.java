package io.vrguard.enforcer.app;

import io.vrguard.enforcer.core.Mode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code vrguard.enforcer.*}. Secrets are never here: a key names a file or an environment variable that holds
 * it, so neither logs nor the actuator's configprops can show one.
 */
@Validated
@ConfigurationProperties("vrguard.enforcer")
public record EnforcerProperties(
        @NotBlank String hostId,
        @DefaultValue("dry-run") @NotNull Mode mode,
        @DefaultValue List<@Valid Key> keys,
        Path keyDir,
        @NotNull Path stateDir,
        Path inventory,
        @DefaultValue("") String cgroupBase,
        @DefaultValue @Valid Roots roots,
        @DefaultValue("2.0") @DecimalMin(value = "1.0", inclusive = false) double maxFactor,
        @DefaultValue("10") @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") double minQuotaPercent,
        @DefaultValue("60s") @NotNull Duration cooldown,
        @DefaultValue("6") @Min(1) int rateLimit,
        @DefaultValue("10m") @NotNull Duration rateWindow,
        @DefaultValue("30s") @NotNull Duration clockSkew,
        Path stopFlag,
        @DefaultValue("false") boolean revertOnShutdown,
        @DefaultValue("10s") @NotNull Duration helperTimeout,
        @DefaultValue("1s") @NotNull Duration pollTimeout) {

    /** {@code *} is the address of every host (a fleet-wide stop or resume), never one host's own id. */
    @AssertTrue(message = "host-id must not be '*': that addresses every host (fleet-wide stop and resume)")
    public boolean isHostIdNotTheFleet() {
        return !io.vrguard.enforcer.core.CommandAdmission.FLEET.equals(hostId);
    }

    /** The inventory is optional (discovery finds libvirt and LXC VRs), but a named one must exist. */
    @AssertTrue(message = "inventory must be a readable file when set")
    public boolean isInventoryReadable() {
        return inventory == null || java.nio.file.Files.isReadable(inventory);
    }

    /** Keys come from {@code key-dir} (re-read on change: rotation without restart), from {@code keys}, or both. */
    @AssertTrue(message = "configure HMAC keys: 'key-dir' (a directory of ID.key files) and/or 'keys'")
    public boolean isKeySourceGiven() {
        return keyDir != null || (keys != null && !keys.isEmpty());
    }

    /** One HMAC key: its id and where its secret is (exactly one of a file or an environment variable). */
    public record Key(@NotBlank String id, Path file, String env) {
        @AssertTrue(message = "a key needs exactly one of 'file' or 'env'")
        public boolean isOneSource() {
            return (file != null) != (env != null && !env.isBlank());
        }
    }

    /** Where the host's kernel file systems are; tests point them at fixture trees. */
    public record Roots(
            @DefaultValue("/proc") @NotNull Path proc,
            @DefaultValue("/sys") @NotNull Path sys,
            @DefaultValue("/sys/fs/cgroup") @NotNull Path cgroup,
            @DefaultValue("/run") @NotNull Path run) {
    }
}
