package io.vrguard.collector.app;

import io.vrguard.discovery.HostRoots;
import io.vrguard.protocol.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The collector's settings ({@code vrguard.collector.*}; the command-line short forms {@code --interval},
 * {@code --host-id}, ... are mapped onto them by {@link CollectorApplication}). Validated at start-up, every
 * error reported at once.
 *
 * @param hostId          key of this host's samples; default: the host name
 * @param interval        100ms .. 60s
 * @param once            print one sample as JSON and exit, no Kafka
 * @param inventory       optional static inventory (YAML); it wins over discovery
 * @param cgroupBase      directory under each cgroup hierarchy root to discover below ("" = the host's own layout)
 * @param spoolDir        on-disk spool for samples not yet delivered
 * @param spoolMaxSamples spool bound; when full the oldest are dropped and counted
 * @param discoveryEvery  re-run discovery (and re-read IRQ/RPS topology) every this many samples; default: as many
 *                        as make {@link #DISCOVERY_PERIOD} (10 at 1 s, 100 at 100 ms), so that sampling faster
 *                        does not make discovery, by far the dearest read, more frequent
 * @param sendTimeout     how long one request to the broker may wait for its answer (request.timeout.ms)
 */
@ConfigurationProperties("vrguard.collector")
public record CollectorSettings(
        String hostId,
        @DefaultValue("1s") Duration interval,
        @DefaultValue("false") boolean once,
        Path inventory,
        @DefaultValue("/proc") Path procRoot,
        @DefaultValue("/sys") Path sysRoot,
        @DefaultValue("/sys/fs/cgroup") Path cgroupRoot,
        @DefaultValue("/run") Path runRoot,
        @DefaultValue("") String cgroupBase,
        @DefaultValue("/var/lib/vrguard/collector-spool") Path spoolDir,
        @DefaultValue("36000") int spoolMaxSamples,
        Integer discoveryEvery,
        @DefaultValue(Topics.SAMPLES) String topic,
        @DefaultValue("10s") Duration sendTimeout) {

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    static final Duration DISCOVERY_PERIOD = Duration.ofSeconds(10);
    /** How old a VR's reported cgroup settings may be: the enforcer changes them, operators watch the change land. */
    static final Duration SETTINGS_PERIOD = Duration.ofSeconds(1);

    public CollectorSettings {
        hostId = hostId == null || hostId.isBlank() ? localHostName() : hostId.strip();
        List<String> errors = new ArrayList<>();
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            errors.add("vrguard.collector.interval must be between 100ms and 60s, got " + interval);
        } else if (interval.toMillis() * 1_000_000 != interval.toNanos()) {
            errors.add("vrguard.collector.interval must be whole milliseconds, got " + interval);
        }
        if (!hostId.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")) {
            errors.add("vrguard.collector.host-id '" + hostId + "' must be letters, digits and _ . : - (max 128)");
        }
        if (spoolMaxSamples < 1) {
            errors.add("vrguard.collector.spool-max-samples must be at least 1");
        }
        if (discoveryEvery != null && discoveryEvery < 1) {
            errors.add("vrguard.collector.discovery-every must be at least 1");
        }
        if (sendTimeout == null || sendTimeout.toMillis() < 1000) {
            errors.add("vrguard.collector.send-timeout must be at least 1s");
        }
        if (inventory != null && !inventory.toFile().isFile()) {
            errors.add("vrguard.collector.inventory " + inventory + " is not a readable file");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid collector settings:\n  " + String.join("\n  ", errors));
        }
        cgroupBase = cgroupBase == null ? "" : cgroupBase;
        if (discoveryEvery == null) {
            discoveryEvery = (int) Math.max(1, DISCOVERY_PERIOD.toMillis() / interval.toMillis());
        }
    }

    /** Samples between two reads of the VRs' cgroup settings (shares or weight, quota): as many as make a second. */
    public int settingsEvery() {
        return (int) Math.max(1, SETTINGS_PERIOD.toMillis() / interval.toMillis());
    }

    public HostRoots roots() {
        return new HostRoots(procRoot, sysRoot, cgroupRoot, runRoot);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
