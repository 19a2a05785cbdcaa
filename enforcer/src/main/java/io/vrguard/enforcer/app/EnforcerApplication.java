package io.vrguard.enforcer.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The enforcer service: one per host, as root, beside the collector. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EnforcerApplication {
    public static void main(String[] args) {
        SpringApplication.run(EnforcerApplication.class, args);
    }
}
