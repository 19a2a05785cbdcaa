package io.vrguard.enforcer.fs;

import io.vrguard.enforcer.core.KnobException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper program (ip, nsenter, virsh, busctl) with an argument vector, never through a shell command
 * line built from text, and turns a non-zero exit into a {@link KnobException} carrying its stderr.
 */
public class ProcessRunner {
    private final Duration timeout;

    public ProcessRunner(Duration timeout) {
        this.timeout = timeout;
    }

    public String run(List<String> argv) throws KnobException {
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        } catch (IOException e) {
            throw new KnobException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new KnobException(argv.get(0) + " did not finish within " + timeout);
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new KnobException(argv.get(0) + " exited " + process.exitValue()
                        + (err.isEmpty() ? "" : ": " + err));
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KnobException("interrupted while running " + argv.get(0), e);
        } catch (IOException e) {
            throw new KnobException("cannot read output of " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
