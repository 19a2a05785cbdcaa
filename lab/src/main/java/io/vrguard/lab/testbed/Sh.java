package io.vrguard.lab.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2 and friends, failing with the command and its stderr. */
public final class Sh {
    private Sh() {
    }

    public static String run(String... command) {
        Result r = tryRun(command);
        if (r.exit() != 0) {
            throw new LabException("'" + String.join(" ", command) + "' failed (exit " + r.exit() + "): "
                    + r.output().strip());
        }
        return r.output();
    }

    /** Runs a command and returns its exit code and combined output, never throwing for a non-zero exit. */
    public static Result tryRun(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** {@code ip -n NS args...}. */
    public static String ipIn(String netns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Sets sysctls inside a namespace ({@code ip netns exec} gives the namespace its own /proc/sys/net). */
    public static void sysctlIn(String netns, String... assignments) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "sysctl", "-qw"));
        cmd.addAll(List.of(assignments));
        run(cmd.toArray(String[]::new));
    }

    public record Result(int exit, String output) {
    }
}
