package io.vrguard.analyzer.app;

import io.vrguard.analyzer.core.DetectionSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Every setting of the analyzer service, validated at start-up (all errors reported at once). */
@Validated
@ConfigurationProperties("vrguard.analyzer")
public record AnalyzerProperties(
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull Detection detection,
        @Valid @NotNull Influx influx,
        @Valid @NotNull Signing signing,
        @Valid @NotNull Alertmanager alertmanager,
        Path policyFile,
        @NotNull @DefaultValue("1s") Duration staleCheckInterval,
        @NotNull @DefaultValue("3s") Duration staleClockGrace,
        @Valid @DefaultValue Api api) {

    public record Kafka(
            @NotBlank String bootstrapServers,
            @NotBlank @DefaultValue("vrguard-analyzer") String groupId,
            @Min(1) @DefaultValue("10") int maxPollRecords,
            @Min(1) @DefaultValue("6") int partitions,
            @Min(1) @DefaultValue("1") short replicationFactor,
            @Min(1) @DefaultValue("2") int concurrency,
            @NotNull @DefaultValue("10s") Duration sessionTimeout) {
    }

    public record Detection(
            @Min(1) @DefaultValue("3") int breachIntervals,
            @Min(1) @DefaultValue("5") int windowIntervals,
            @Min(1) @DefaultValue("2") int clearIntervals,
            @Min(1) @DefaultValue("3") int staleIntervals,
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("95") double busySaturatedPercent,
            @Min(1) @DefaultValue("3") int verifyIntervals,
            @NotNull @DefaultValue("30s") Duration cooldown,
            @NotNull @DefaultValue("30s") Duration commandTtl,
            @Min(2) @DefaultValue("1024") long baseShares,
            @Min(0) @DefaultValue("60") int rearmIntervals,
            @DecimalMin(value = "1", inclusive = false) @DefaultValue("2.0") double maxShareStepFactor) {

        public DetectionSettings settings() {
            return new DetectionSettings(breachIntervals, windowIntervals, clearIntervals, staleIntervals,
                    busySaturatedPercent, verifyIntervals, cooldown, commandTtl, baseShares, rearmIntervals,
                    maxShareStepFactor);
        }
    }

    public record Influx(
            @NotNull URI url,
            @NotBlank @DefaultValue("vrguard") String database,
            String username,
            String password,
            @Min(1) @DefaultValue("5") int retries,
            @NotNull @DefaultValue("200ms") Duration initialBackoff,
            @NotNull @DefaultValue("5s") Duration maxBackoff,
            @Min(1) @DefaultValue("4") int writeConcurrency,
            @Min(1) @DefaultValue("5000") int batchPoints,
            @DefaultValue("false") boolean gzip,
            @NotNull @DefaultValue("60s") Duration topologyEvery) {

        /**
         * The longest {@code topology-every} allowed: the Host dashboard's CPU map looks back this far before its
         * time range for each VR's latest {@code vr_cpu} points, so a longer period would leave VRs out of it.
         */
        public static final Duration MAX_TOPOLOGY_EVERY = Duration.ofMinutes(5);

        @ConstructorBinding
        public Influx {
        }

        /**
         * One write at a time, 5,000 points per request, no gzip, the topology every minute (tests that build the
         * settings by hand).
         */
        public Influx(URI url, String database, String username, String password, int retries,
                Duration initialBackoff, Duration maxBackoff) {
            this(url, database, username, password, retries, initialBackoff, maxBackoff, 1, 5000, false,
                    Duration.ofMinutes(1));
        }

        @AssertTrue(message = "topology-every must be more than 0 and at most 5m (the Host dashboard's CPU map"
                + " looks back 5 minutes for each VR's latest vr_cpu points)")
        public boolean isTopologyEveryInRange() {
            return topologyEvery == null || !topologyEvery.isNegative() && !topologyEvery.isZero()
                    && topologyEvery.compareTo(MAX_TOPOLOGY_EVERY) <= 0;
        }

        @Override
        public String toString() {
            return "Influx[url=" + url + ", database=" + database + ", username=" + username + ", password="
                    + (password == null ? "none" : "(hidden)") + "]";
        }
    }

    /**
     * The id commands are signed with, and the HMAC keys: {@code keys} by id (secrets base64, at least 32 bytes;
     * best from the environment, e.g. {@code VRGUARD_ANALYZER_SIGNING_KEYS_K2026A}) and/or {@code key-dir}, a
     * directory of {@code ID.key} files (the same files the enforcers read), re-read on change.
     */
    public record Signing(@NotBlank String keyId, @DefaultValue Map<String, String> keys, Path keyDir) {
        @AssertTrue(message = "configure HMAC keys: 'key-dir' and/or 'keys'")
        public boolean isKeySourceGiven() {
            return keyDir != null || (keys != null && !keys.isEmpty());
        }

        /** Key ids only: the secrets must never reach a log or an actuator page. */
        @Override
        public String toString() {
            Object ids = keys == null ? "[]" : new java.util.TreeSet<>(keys.keySet());
            return "Signing[keyId=" + keyId + ", keys=" + ids + ", keyDir=" + keyDir + "]";
        }
    }

    /**
     * The REST API. With {@code auth} on, every request that changes state (POST, PUT, PATCH, DELETE) needs
     * {@code Authorization: Bearer TOKEN}; the token is read from {@code token-file} at each such request (so it
     * rotates without a restart) or, without a file, from the environment variable {@code token-env}.
     */
    public record Api(
            @DefaultValue("false") boolean auth,
            Path tokenFile,
            @DefaultValue("VRGUARD_ANALYZER_API_TOKEN") String tokenEnv) {
    }

    /** Alertmanager's base URL; alerts are off when it is not set. */
    public record Alertmanager(
            URI url,
            @NotNull @DefaultValue("30s") Duration resendInterval,
            @NotNull @DefaultValue("5s") Duration timeout) {
    }
}
