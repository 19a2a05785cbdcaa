package io.vrguard.collector.app;

import io.vrguard.collector.fs.HostReader;
import io.vrguard.discovery.MergedDiscovery;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans both modes share: the host reader over the configured roots and discovery sources. */
@Configuration(proxyBeanMethods = false)
public class CollectorConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    HostReader hostReader(CollectorSettings settings, Clock clock) {
        var discovery = MergedDiscovery.forHost(settings.roots(), settings.inventory(), settings.cgroupBase());
        return new HostReader(settings.roots(), discovery, clock, Sampler.monotonic(), settings.discoveryEvery(),
                settings.settingsEvery());
    }
}
