package io.vrguard.collector.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.collector.fs.HostReader;
import io.vrguard.protocol.HostSampleWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code --once}: read, wait one interval, read, print one HostSample as JSON on stdout. Needs no Kafka. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "vrguard.collector.once", havingValue = "true")
public class OnceMode {
    /** The process's real stdout; {@code System.out} is pointed at stderr in once mode (see the application). */
    static java.io.PrintStream jsonOut = System.out;

    @Bean
    CommandLineRunner printOneSample(HostReader reader, CollectorSettings settings, Clock clock) {
        return args -> {
            Sampler sampler = new Sampler(reader, settings.hostId(), settings.interval(), clock, () -> 0L,
                    sample -> { }, new SimpleMeterRegistry());
            // compact, one line, the same JSON the agent publishes
            jsonOut.println(new String(new HostSampleWriter().encode(sampler.once()), StandardCharsets.UTF_8));
            jsonOut.flush();
        };
    }
}
