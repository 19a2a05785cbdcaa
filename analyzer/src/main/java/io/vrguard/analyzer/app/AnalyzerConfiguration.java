package io.vrguard.analyzer.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.analyzer.alert.AlertNotifier;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.influx.InfluxWriter;
import io.vrguard.analyzer.influx.SlaAccounting;
import io.vrguard.analyzer.influx.TopologyWriter;
import io.vrguard.analyzer.kafka.ActionListener;
import io.vrguard.analyzer.kafka.FleetCommands;
import io.vrguard.analyzer.kafka.OpenViolationStore;
import io.vrguard.analyzer.kafka.OutputPublisher;
import io.vrguard.analyzer.policy.PolicyStore;
import io.vrguard.protocol.HmacKeyDirectory;
import io.vrguard.protocol.HmacKeyRing;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the pure core to its adapters. */
@Configuration
@EnableScheduling
public class AnalyzerConfiguration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnalyzerConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FleetAnalysis fleetAnalysis(AnalyzerProperties props) {
        return new FleetAnalysis(props.detection().settings(), Policies.empty());
    }

    @Bean(destroyMethod = "close")
    InfluxDB influxDb(AnalyzerProperties props) {
        AnalyzerProperties.Influx c = props.influx();
        OkHttpClient.Builder http = new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS).writeTimeout(30, TimeUnit.SECONDS);
        InfluxDB influx = c.username() == null ? InfluxDBFactory.connect(c.url().toString(), http)
                : InfluxDBFactory.connect(c.url().toString(), c.username(), c.password(), http);
        return c.gzip() ? influx.enableGzip() : influx;
    }

    @Bean
    InfluxWriter influxWriter(InfluxDB influx, AnalyzerProperties props, MeterRegistry registry) {
        return new InfluxWriter(influx, props.influx(), registry);
    }

    @Bean
    SlaAccounting slaAccounting(InfluxWriter writer) {
        return new SlaAccounting(writer);
    }

    @Bean
    HmacKeyRing hmacKeyRing(AnalyzerProperties props) {
        AnalyzerProperties.Signing signing = props.signing();
        Map<String, byte[]> secrets = new HashMap<>();
        signing.keys().forEach((id, b64) -> {
            try {
                secrets.put(id, Base64.getDecoder().decode(b64.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("vrguard.analyzer.signing.keys." + id + " is not base64");
            }
        });
        HmacKeyRing ring = HmacKeyRing.of(secrets);
        if (signing.keyDir() != null) {
            HmacKeyRing directory = HmacKeyRing.live(new HmacKeyDirectory(signing.keyDir()));
            ring = secrets.isEmpty() ? directory : HmacKeyRing.union(ring, directory);
        }
        if (!ring.ids().contains(signing.keyId())) {
            throw new IllegalStateException("vrguard.analyzer.signing.key-id '" + props.signing().keyId()
                    + "' is not among the configured keys " + ring);
        }
        LOG.info("signing commands with HMAC key id {}; keys known {}", signing.keyId(), ring.ids());
        return ring;
    }

    @Bean
    OutputPublisher outputPublisher(KafkaTemplate<String, Object> template, HmacKeyRing keys,
            AnalyzerProperties props, MeterRegistry registry) {
        return new OutputPublisher(template, keys, props.signing().keyId(), registry);
    }

    /** Fleet-wide stop and resume ({@code POST /api/fleet/stop|resume}), valid for {@code command-ttl}. */
    @Bean
    FleetCommands fleetCommands(KafkaTemplate<String, Object> template, HmacKeyRing keys, AnalyzerProperties props,
            Clock clock, MeterRegistry registry) {
        return new FleetCommands(template, keys, props.signing().keyId(), clock, props.detection().commandTtl(),
                registry);
    }

    @Bean
    AlertNotifier alertNotifier(AnalyzerProperties props, Clock clock, MeterRegistry registry) {
        AnalyzerProperties.Alertmanager a = props.alertmanager();
        return a.url() == null ? null : new AlertNotifier(a.url(), a.resendInterval(), a.timeout(), clock, registry);
    }

    @Bean
    AnalysisService analysisService(FleetAnalysis analysis, InfluxWriter writer, OutputPublisher publisher,
            ObjectProvider<AlertNotifier> alerts, MeterRegistry registry, Clock clock, AnalyzerProperties props,
            OpenViolationStore takeovers) {
        return new AnalysisService(analysis, writer, publisher, alerts.getIfAvailable(), registry, clock,
                props.staleClockGrace(), props.influx().batchPoints(), takeovers,
                new TopologyWriter(props.influx().topologyEvery()));
    }

    @Bean
    ActionListener actionListener(AnalysisService service, MeterRegistry registry) {
        return new ActionListener(service, registry);
    }

    @Bean
    PolicyStore policyStore(AnalyzerProperties props, KafkaConfiguration.KafkaClientSettings clients,
            KafkaTemplate<String, Object> template, AnalysisService service, MeterRegistry registry,
            DeadLetterPublishingRecoverer deadLetters) {
        return new PolicyStore(clients.common(), template, props.policyFile(), service::policies, registry,
                deadLetters);
    }

    /** With {@code vrguard.analyzer.api.auth=true}, state-changing API requests need the bearer token. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "vrguard.analyzer.api.auth",
            havingValue = "true")
    org.springframework.boot.web.servlet.FilterRegistrationBean<io.vrguard.analyzer.http.ApiAuthFilter> apiAuth(
            AnalyzerProperties props) {
        var filter = new io.vrguard.analyzer.http.ApiAuthFilter(io.vrguard.analyzer.http.ApiAuthFilter.tokenSource(
                props.api().tokenFile(), props.api().tokenEnv()));
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/*");
        LOG.info("API: state-changing requests need a bearer token");
        return registration;
    }

    @Bean
    Ticker ticker(AnalysisService service, ObjectProvider<AlertNotifier> alerts, Clock clock) {
        return new Ticker(service, alerts.getIfAvailable(), clock);
    }

    /** The clock's part: stale hosts, and re-sending firing alerts so Alertmanager keeps them. */
    public static class Ticker {
        private final AnalysisService service;
        private final AlertNotifier alerts;
        private final Clock clock;

        Ticker(AnalysisService service, AlertNotifier alerts, Clock clock) {
            this.service = service;
            this.alerts = alerts;
            this.clock = clock;
        }

        @Scheduled(fixedDelayString = "${vrguard.analyzer.stale-check-interval:1s}")
        public void staleCheck() {
            service.tick(clock.instant());
        }

        @Scheduled(fixedDelayString = "${vrguard.analyzer.alertmanager.resend-interval:30s}")
        public void resendAlerts() {
            if (alerts != null) {
                alerts.resendFiring();
            }
        }
    }
}
