package io.vrguard.analyzer.replay;

import io.vrguard.analyzer.core.AnalysisOutput;
import io.vrguard.analyzer.core.DetectionSettings;
import io.vrguard.analyzer.core.FleetAnalysis;
import io.vrguard.analyzer.core.Policies;
import io.vrguard.analyzer.core.PlannedCommand;
import io.vrguard.analyzer.policy.PolicyFile;
import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code replay SAMPLES_FILE --policies=POLICY_FILE}: the same detection and planning over recorded host samples
 * (JSON lines), time from the samples, no Kafka, InfluxDB or clock. Prints violation events and planned commands
 * as JSON lines on stdout; malformed lines are skipped and counted on stderr.
 */
public final class Replay {
    /** Counts of one run. */
    public record Summary(long samples, long malformed, long events, long commands, long incompleteWindows) {
    }

    private final PrintStream out;
    private final PrintStream err;

    public Replay(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Entry point from the command line; returns the exit status. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        Path samples = null;
        Path policies = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--policies=")) {
                policies = Path.of(args[i].substring("--policies=".length()));
            } else if (samples == null && !args[i].startsWith("--")) {
                samples = Path.of(args[i]);
            } else {
                err.println("replay: unexpected argument '" + args[i] + "'");
                return 2;
            }
        }
        if (samples == null || policies == null) {
            err.println("usage: analyzer replay SAMPLES_FILE --policies=POLICY_FILE");
            return 2;
        }
        try {
            Summary s = new Replay(out, err).run(samples, PolicyFile.read(policies), DetectionSettings.defaults());
            err.printf("replay: %d samples, %d malformed lines skipped, %d events, %d commands, %d incomplete"
                    + " windows skipped%n", s.samples(), s.malformed(), s.events(), s.commands(),
                    s.incompleteWindows());
            return 0;
        } catch (RuntimeException | IOException e) {
            err.println("replay: " + e.getMessage());
            return 1;
        }
    }

    public Summary run(Path samplesFile, Policies policies, DetectionSettings settings) throws IOException {
        FleetAnalysis analysis = new FleetAnalysis(settings, policies);
        long samples = 0;
        long malformed = 0;
        long events = 0;
        long commands = 0;
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(samplesFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                HostSample sample;
                try {
                    sample = WireJson.decode(line, HostSample.class);
                } catch (WireFormatException e) {
                    malformed++;
                    err.println("replay: line " + lineNo + " skipped: " + e.getMessage());
                    continue;
                }
                samples++;
                // time comes from the samples: every sample moves the clock for the other hosts too
                AnalysisOutput o = analysis.accept(sample).plus(analysis.advance(sample.timestamp()));
                o.events().forEach(this::print);
                o.commands().forEach(this::print);
                events += o.events().size();
                commands += o.commands().size();
            }
        }
        out.flush();
        return new Summary(samples, malformed, events, commands, analysis.skippedWindows());
    }

    private void print(ViolationEvent e) {
        ObjectNode node = WireJson.mapper().valueToTree(e);
        node.put("record", "violation");
        out.println(WireJson.toJson(node));
    }

    private void print(PlannedCommand c) {
        ObjectNode node = WireJson.mapper().createObjectNode();
        node.put("record", "command");
        node.put("mode", c.mode().wireName());
        node.put("step", c.step());
        node.put("victim", c.victim());
        node.set("command", WireJson.mapper().valueToTree(c.command()));
        out.println(WireJson.toJson(node));
    }
}
