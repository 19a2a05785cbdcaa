package io.vrguard.lab.testbed;

import io.vrguard.lab.core.CounterSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One running C helper. Its stdin stays open for commands; closing it (or this JVM dying) makes the helper exit.
 * Its stdout lines {@code stats <mono_ns> <counter> ...} feed a {@link CounterSeries} of the first counter.
 */
public final class HelperProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final CounterSeries series = new CounterSeries();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String lastLine = "";

    private HelperProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        Thread reader = new Thread(this::readStdout, "vrgl-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    public static HelperProcess start(String label, List<String> command, Path errorLog) {
        try {
            Process p = new ProcessBuilder(command).redirectError(errorLog.toFile()).start();
            return new HelperProcess(label, p);
        } catch (IOException e) {
            throw new LabException("cannot start " + label + ": " + e.getMessage(), e);
        }
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lastLine = line;
                String[] f = line.split(" ");
                if (f[0].equals("ready")) {
                    ready.countDown();
                } else if ((f[0].equals("stats") || f[0].equals("final")) && f.length >= 3) {
                    series.add(Long.parseLong(f[1]), Long.parseLong(f[2]));
                    ready.countDown();
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the helper is gone or printed garbage; its series simply ends here
        }
    }

    /** Waits for the helper's "ready" (or first stats) line, failing with its stderr log if it exits first. */
    public void awaitReady(Path errorLog) {
        try {
            for (int i = 0; i < 100; i++) {
                if (ready.await(50, TimeUnit.MILLISECONDS)) {
                    return;
                }
                if (!process.isAlive()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new LabException(label + " did not start: " + LogTail.of(errorLog));
    }

    public void send(String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new LabException(label + " no longer accepts commands: " + e.getMessage(), e);
        }
    }

    public CounterSeries series() {
        return series;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String lastLine() {
        return lastLine;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
