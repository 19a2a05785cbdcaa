package io.vrguard.collector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CollectorSettingsTest {
    private static CollectorSettings settings(String host, Duration interval, int spool) {
        return settings(host, interval, spool, 10);
    }

    private static CollectorSettings settings(String host, Duration interval, int spool, Integer discoveryEvery) {
        return new CollectorSettings(host, interval, false, null, Path.of("/proc"), Path.of("/sys"),
                Path.of("/sys/fs/cgroup"), Path.of("/run"), "", Path.of("/tmp/spool"), spool, discoveryEvery,
                "vrguard.samples", Duration.ofSeconds(10));
    }

    @Test
    void discoveryRunsEveryTenSecondsWhateverTheIntervalUnlessSet() {
        assertThat(settings("h1", Duration.ofSeconds(1), 10, null).discoveryEvery()).isEqualTo(10);
        assertThat(settings("h1", Duration.ofMillis(100), 10, null).discoveryEvery()).isEqualTo(100);
        assertThat(settings("h1", Duration.ofSeconds(30), 10, null).discoveryEvery()).isEqualTo(1);
        assertThat(settings("h1", Duration.ofMillis(100), 10, 5).discoveryEvery()).isEqualTo(5);
        assertThatThrownBy(() -> settings("h1", Duration.ofSeconds(1), 10, 0)).hasMessageContaining("discovery-every");
    }

    @Test
    void cgroupSettingsAreReadAtLeastOnceASecond() {
        assertThat(settings("h1", Duration.ofMillis(100), 10, null).settingsEvery()).isEqualTo(10);
        assertThat(settings("h1", Duration.ofMillis(300), 10, null).settingsEvery()).isEqualTo(3);
        assertThat(settings("h1", Duration.ofSeconds(1), 10, null).settingsEvery()).isEqualTo(1);
        assertThat(settings("h1", Duration.ofSeconds(30), 10, null).settingsEvery()).isEqualTo(1);
    }

    @Test
    void intervalBoundsAndEveryErrorAtOnce() {
        assertThat(settings("h1", Duration.ofMillis(100), 10).interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings("h1", Duration.ofSeconds(60), 10).hostId()).isEqualTo("h1");
        assertThatThrownBy(() -> settings("bad host", Duration.ofMillis(99), 0))
                .hasMessageContaining("interval must be between 100ms and 60s")
                .hasMessageContaining("host-id 'bad host'")
                .hasMessageContaining("spool-max-samples");
        assertThatThrownBy(() -> settings("h1", Duration.ofSeconds(61), 1)).hasMessageContaining("interval");
        assertThat(settings(null, Duration.ofSeconds(1), 1).hostId()).isNotBlank();
    }

    @Test
    void commandLineShortFormsMapOntoProperties() {
        assertThat(CollectorApplication.mapArguments(new String[] {"--once", "--interval=100ms", "--host-id=h7",
                "--proc-root=/x/proc", "--spring.kafka.bootstrap-servers=localhost:1", "--other=1"}))
                .containsExactly("--vrguard.collector.once=true", "--vrguard.collector.interval=100ms",
                        "--vrguard.collector.host-id=h7", "--vrguard.collector.proc-root=/x/proc",
                        "--spring.kafka.bootstrap-servers=localhost:1", "--other=1");
    }

    @Test
    void ticksAreAlignedToTheInterval() {
        assertThat(Sampler.nextTick(1_234, 100)).isEqualTo(1_300);
        assertThat(Sampler.nextTick(1_300, 100)).isEqualTo(1_400);
        assertThat(Sampler.nextTick(59_999, 60_000)).isEqualTo(60_000);
    }
}
