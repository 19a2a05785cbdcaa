package io.vrguard.lab;

import io.vrguard.lab.scenario.ScenarioException;
import io.vrguard.lab.testbed.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar lab.jar COMMAND ...}: run, physics, calibrate, testbed, clean.
 * Exit codes: 0 ok, 1 check failed, 2 usage or environment error.
 */
public final class Main {
    static final String USAGE = """
            usage: java -jar lab/target/lab.jar COMMAND [OPTIONS]
              physics SCENARIO [--favour VR] [--ratio N]   run the scenario without vrguard, first with equal
                                                           cpu.shares, then with VR at N times (default: the first
                                                           VR, 2), and print offered/delivered per VR per step
              calibrate [--work N[,N...]] [--offered KPPS] [--seconds S]
                                                           what one relay forwards alone on the VRs' CPU
              testbed SCENARIO                             build the testbed and keep it until Ctrl-C (for running
                                                           a collector against it by hand)
              clean                                        remove everything a lab left behind (prefix vrgl)
              run SCENARIO --mode baseline|enforced --out DIR [--bootstrap-servers=H:P] [--services-root DIR]
                                                           the scenario with vrguard live (collector, analyzer,
                                                           enforcer, a KRaft broker unless given, influxd): a line
                                                           per VR per second, then DIR/report.json and report.png
            SCENARIO: a file, or the name of a shipped one (scenario-1.yaml, scenario-2.yaml, scenario-2-short.yaml)
            options: --work-dir DIR (helper binaries and logs; default /var/tmp/vrgl-lab)
                     --work N (physics, testbed, run: the relays' work rounds, instead of calibrating them to the
                     scenario's relay.capacityKpps on this machine first, ~15 s)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            LabOptions options = LabOptions.parse(Arrays.copyOfRange(args, 1, args.length));
            if (!isRoot()) {
                System.err.println(NOT_ROOT);
                return 2;
            }
            return switch (args[0]) {
                case "physics" -> new PhysicsCommand(options).run();
                case "calibrate" -> new CalibrateCommand(options).run();
                case "testbed" -> new TestbedCommand(options).run();
                case "clean" -> new CleanCommand(options).run();
                case "run" -> new RunCommand(options, "java -jar lab/target/lab.jar " + String.join(" ", args))
                        .run();
                default -> {
                    System.err.print("unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (ScenarioException | LabException | IllegalArgumentException e) {
            System.err.println("lab: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    static final String NOT_ROOT = """
            lab: this command needs root. The lab builds real kernel objects: network namespaces, veth and tun
            devices (CAP_NET_ADMIN), cgroups under /sys/fs/cgroup and moving processes into them, an RPS mask on
            its own veths, and sysctls inside its own namespaces; 'run' also lets vrguard's enforcer write the
            cpu.shares and CFS quota of those cgroups, and its collector read other processes' /proc/PID/net/dev.
            Everything it creates is prefixed 'vrgl' and removed again. Run it as root, e.g.:
            sudo java -jar lab/target/lab.jar run scenario-2.yaml --mode enforced --out target/lab-report""";

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
