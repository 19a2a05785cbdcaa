package io.vrguard.enforcer.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;

/**
 * The enforcer service: one per host, as root, beside the collector. Its Kafka clients are its own (one partition,
 * manual commits), built from Spring Boot's standard {@code spring.kafka.*} settings (security, SSL, SASL).
 */
@SpringBootApplication(exclude = {KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class})
@EnableConfigurationProperties(KafkaProperties.class)
@ConfigurationPropertiesScan
public class EnforcerApplication {
    public static void main(String[] args) {
        SpringApplication.run(EnforcerApplication.class, args);
    }
}
