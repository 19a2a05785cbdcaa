package io.vrguard.collector.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vrguard.collector.fs.HostReader;
import io.vrguard.collector.http.ManagementServer;
import io.vrguard.collector.kafka.SampleProducer;
import io.vrguard.collector.kafka.SpoolSender;
import io.vrguard.collector.spool.SampleSpool;
import io.vrguard.collector.spool.SequenceFile;
import io.vrguard.protocol.HostSampleWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The agent: sampler → on-disk spool (write-ahead, bounded) → sender → Kafka {@code vrguard.samples}, key = host id,
 * value = the HostSample JSON of {@code WireJson}, written by {@code HostSampleWriter}. Broker and client settings
 * come from {@code spring.kafka.*}; acks=all and idempotence are forced because delivery guarantees rest on them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "vrguard.collector.once", havingValue = "false", matchIfMissing = true)
@EnableConfigurationProperties(KafkaProperties.class)
public class ServiceMode {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceMode.class);

    @Bean(destroyMethod = "")
    SampleSpool sampleSpool(CollectorSettings settings, MeterRegistry registry) {
        SampleSpool spool = new SampleSpool(settings.spoolDir(), settings.spoolMaxSamples());
        Gauge.builder("collector.spool.depth", spool, SampleSpool::depth).description("samples not yet in Kafka")
                .register(registry);
        FunctionCounter.builder("collector.spool.dropped", spool, SampleSpool::dropped)
                .description("oldest samples dropped because the spool was full").register(registry);
        FunctionCounter.builder("collector.spool.syncs", spool, SampleSpool::syncs)
                .description("times waiting samples were forced to disk (Kafka away)").register(registry);
        return spool;
    }

    @Bean(destroyMethod = "close")
    SequenceFile sequenceFile(CollectorSettings settings, SampleSpool spool) throws IOException {
        // which boot the numbers were reserved in: after a power cut the spool's floor may be stale
        Path bootId = settings.procRoot().resolve("sys/kernel/random/boot_id");
        String boot = Files.isReadable(bootId) ? Files.readString(bootId) : "";
        return new SequenceFile(settings.spoolDir().resolve("next-seq"), spool.highestSeq() + 1, boot);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SpoolSender spoolSender(SampleSpool spool, CollectorSettings settings, KafkaProperties kafka,
            MeterRegistry registry) {
        var producer = SampleProducer.create(kafka.buildProducerProperties(), settings.hostId(),
                settings.sendTimeout());
        return new SpoolSender(spool, producer, settings.topic(), settings.hostId(), registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    Sampler sampler(HostReader reader, CollectorSettings settings, Clock clock, SequenceFile sequence,
            SampleSpool spool, SpoolSender sender, MeterRegistry registry) {
        // the sampler thread's own: its buffer is reused every sample. encode() copies each sample out of it once,
        // to an array of exactly its length that the spool writes, keeps for the sender and the sender hands to
        // Kafka as is, so no buffer is reused while the spool still holds it
        HostSampleWriter writer = new HostSampleWriter();
        return new Sampler(reader, settings.hostId(), settings.interval(), clock, sequence::next, sample -> {
            int dropped = spool.append(sample.seq(), writer.encode(sample));
            if (dropped > 0) {
                LOG.warn("spool full ({} samples): dropped the {} oldest, {} dropped in total",
                        settings.spoolMaxSamples(), dropped, spool.dropped());
            }
        }, registry);
    }

    /**
     * Start-up (the application context, the Kafka client) leaves garbage an agent should not keep resident: one
     * full collection once ready lets the heap shrink to the working set (with -XX:MaxHeapFreeRatio, see README).
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> compactAfterStartup() {
        return event -> System.gc();
    }

    /**
     * {@code /actuator/health} and {@code /actuator/prometheus} on {@code management.server.port} (else
     * {@code server.port}, default 9464) and {@code management.server.address} (else {@code server.address}, else
     * every address); nothing else is served.
     */
    @Bean(destroyMethod = "close")
    ManagementServer managementServer(Environment env, PrometheusMeterRegistry registry, Sampler sampler,
            SpoolSender sender) throws IOException {
        int port = env.getProperty("management.server.port", Integer.class,
                env.getProperty("server.port", Integer.class, 9464));
        String host = env.getProperty("management.server.address", env.getProperty("server.address", ""));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("management port must be 0..65535, got " + port);
        }
        InetSocketAddress address = host.isBlank() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        ManagementServer server = new ManagementServer(address, registry::scrape,
                () -> sampler.healthy() && sender.alive()).start();
        LOG.info("management endpoints /actuator/health and /actuator/prometheus on port {}", server.port());
        return server;
    }
}
