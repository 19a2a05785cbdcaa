package io.vrguard.collector.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Entry point. The command-line contract ({@code --once}, {@code --inventory=FILE}, {@code --proc-root=DIR},
 * {@code --sys-root=DIR}, {@code --cgroup-root=DIR}, {@code --run-root=DIR}, {@code --interval=DURATION},
 * {@code --host-id=NAME}) is mapped onto {@code vrguard.collector.*}; every other argument passes to Spring as is.
 */
@SpringBootApplication
@EnableConfigurationProperties(CollectorSettings.class)
public class CollectorApplication {
    static final Set<String> SHORT_OPTIONS = Set.of("inventory", "proc-root", "sys-root", "cgroup-root", "run-root",
            "interval", "host-id", "cgroup-base", "spool-dir");

    /**
     * The agent logs through java.util.logging (already in the JDK's class-data archive; Logback's classes cost
     * ~1 MB resident). JUL loads formatters with the system class loader, which cannot see Spring Boot's inside the
     * executable jar, so the JDK formatter gets a one-line format here; -D on the command line overrides it.
     */
    static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL%1$tz %4$s %3$s: %5$s%6$s%n";

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        String[] mapped = mapArguments(args);
        SpringApplication app = new SpringApplication(CollectorApplication.class);
        if (List.of(mapped).contains("--vrguard.collector.once=true")) {
            // one sample on stdout and exit: no web server, no Kafka client is even created. stdout carries only
            // the JSON: everything else that writes to System.out (the console log) goes to stderr
            OnceMode.jsonOut = System.out;
            System.setOut(System.err);
            app.setAdditionalProfiles("once");
            System.exit(SpringApplication.exit(app.run(mapped)));
        }
        app.run(mapped);
    }

    static String[] mapArguments(String[] args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--once")) {
                out.add("--vrguard.collector.once=true");
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            out.add(name != null && SHORT_OPTIONS.contains(name) ? "--vrguard.collector." + arg.substring(2) : arg);
        }
        return out.toArray(String[]::new);
    }
}
