package io.vrguard.lab;

import io.vrguard.lab.core.RelayWorkFit;
import io.vrguard.lab.physics.RelayCalibration;
import io.vrguard.lab.scenario.Scenario;
import io.vrguard.lab.scenario.ScenarioLoader;
import io.vrguard.lab.testbed.LabException;
import io.vrguard.lab.testbed.Testbed;
import io.vrguard.lab.testbed.TestbedSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options: positional arguments and {@code --name value} pairs, checked against known names. */
record LabOptions(List<String> positional, Map<String, String> named) {
    private static final Set<String> KNOWN = Set.of("work-dir", "favour", "ratio", "work", "offered", "seconds",
            "mode", "out", "bootstrap-servers", "services-root");

    static LabOptions parse(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> named = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && args[i].contains("=")) { // --name=value
                String name = args[i].substring(2, args[i].indexOf('='));
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("unknown option: " + args[i]);
                }
                named.put(name, args[i].substring(args[i].indexOf('=') + 1));
            } else if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                if (!KNOWN.contains(name) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
                }
                named.put(name, args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        return new LabOptions(positional, named);
    }

    String get(String name, String fallback) {
        return named.getOrDefault(name, fallback);
    }

    int intOption(String name, int fallback, int min, int max) {
        String v = named.get(name);
        try {
            int value = v == null ? fallback : Integer.parseInt(v);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer in [" + min + ", " + max + "]");
        }
    }

    TestbedSettings settings() {
        return TestbedSettings.defaults(Path.of(get("work-dir", "/var/tmp/vrgl-lab")));
    }

    /**
     * The scenario with the relays' work for this machine: {@code --work N} as given, else calibrated to the
     * scenario's {@code relay.capacityKpps} when it has one, else its {@code relay.workRounds}.
     */
    Scenario calibratedScenario(java.io.PrintStream progress) throws InterruptedException {
        Scenario scenario = scenario();
        if (named.containsKey("work")) {
            return scenario.withRelayWork(intOption("work", 0, RelayWorkFit.MIN_WORK, RelayWorkFit.MAX_WORK));
        }
        return new RelayCalibration(settings(), progress).apply(scenario);
    }

    /** The scenario named by the first positional argument: a file, or one shipped inside the jar. */
    Scenario scenario() {
        if (positional.isEmpty()) {
            throw new IllegalArgumentException("a SCENARIO file is required");
        }
        String arg = positional.get(0);
        Path file = Path.of(arg);
        if (Files.exists(file)) {
            return new ScenarioLoader().load(file);
        }
        try (InputStream in = LabOptions.class.getResourceAsStream("/scenarios/" + file.getFileName())) {
            if (in == null) {
                throw new LabException("scenario '" + arg + "' is neither a file nor a shipped scenario");
            }
            return new ScenarioLoader().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "shipped " + file.getFileName());
        } catch (IOException e) {
            throw new LabException("cannot read scenario " + arg + ": " + e.getMessage(), e);
        }
    }
}
