package io.vrguard.analyzer;

import io.vrguard.analyzer.replay.Replay;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The analyzer service; {@code replay ...} runs the offline replay instead, without Spring, Kafka or InfluxDB. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyzerApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(Replay.main(args, System.out, System.err));
        }
        SpringApplication.run(AnalyzerApplication.class, args);
    }
}
