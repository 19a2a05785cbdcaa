package io.vrguard.lab;

import io.vrguard.lab.run.LabRun;
import io.vrguard.lab.run.RunMode;
import io.vrguard.lab.run.RunSettings;
import io.vrguard.lab.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code run SCENARIO --mode baseline|enforced --out DIR [--bootstrap-servers H:P] [--services-root DIR]}: the
 * scenario on the testbed with vrguard live around it; prints a line per VR per interval and the report folder.
 */
final class RunCommand {
    private final LabOptions options;
    private final String commandLine;

    RunCommand(LabOptions options, String commandLine) {
        this.options = options;
        this.commandLine = commandLine;
    }

    int run() throws InterruptedException {
        if (options.named().get("mode") == null || options.named().get("out") == null) {
            throw new IllegalArgumentException("run needs --mode baseline|enforced and --out DIR");
        }
        RunMode mode = RunMode.parse(options.get("mode", null));
        Scenario scenario = options.calibratedScenario(System.out);
        Path out = Path.of(options.get("out", null)).toAbsolutePath();
        var testbed = options.settings();
        // the in-process broker's and influxd's data: under the work dir, where 'lab clean' finds it after a crash
        Path scratch = testbed.workDir().toAbsolutePath().resolve("run/tmp");
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create " + scratch + ": " + e.getMessage());
        }
        System.setProperty("java.io.tmpdir", scratch.toString());
        RunSettings settings = new RunSettings(scenario, mode, out, options.get("bootstrap-servers", null),
                testbed.workDir().toAbsolutePath(), servicesRoot(), null);
        LabRun run = new LabRun(settings, System.out);
        Thread hook = new Thread(run::close, "vrgl-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path report = run.run(testbed, commandLine);
            run.close();
            System.out.println("lab: report written to " + report + " (report.json, report.png)");
            return 0;
        } catch (IOException e) {
            System.err.println("lab: cannot write the report: " + e.getMessage());
            return 1;
        } finally {
            run.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs
            }
        }
    }

    /** The checkout holding {@code collector/target/collector.jar} etc.: lab.jar's ../.., or --services-root. */
    private Path servicesRoot() {
        String given = options.named().get("services-root");
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        Path classPath = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0])
                .toAbsolutePath();
        if (classPath.toString().endsWith(".jar") && classPath.getParent() != null
                && classPath.getParent().getParent() != null) {
            Path root = classPath.getParent().getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve("collector"))) {
                return root;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
