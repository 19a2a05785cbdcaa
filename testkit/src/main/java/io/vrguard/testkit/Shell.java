package io.vrguard.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and fails loudly, with its output, when it fails. */
public final class Shell {
    private Shell() {
    }

    public static String run(String... command) {
        Result result = tryRun(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("command failed (" + result.exitCode() + "): " + String.join(" ", command)
                    + "\n" + result.output());
        }
        return result.output();
    }

    public static Result tryRun(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    public record Result(int exitCode, String output) {
    }
}
