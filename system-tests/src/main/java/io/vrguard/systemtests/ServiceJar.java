package io.vrguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One of vrguard's services run from its executable jar as a real process, as an operator runs it. */
public final class ServiceJar implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ServiceJar(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code MODULE/target/MODULE.jar} with the given arguments, logging to {@code logDir/MODULE.log}. */
    public static ServiceJar start(String module, Path logDir, List<String> args) {
        return start(module, module, logDir, args);
    }

    /** As {@link #start(String, Path, List)}, logging to {@code logDir/NAME.log} (several instances of one module). */
    public static ServiceJar start(String module, String name, Path logDir, List<String> args) {
        Path jar = ProjectDirs.root().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                jar.toString()));
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            return new ServiceJar(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash. */
    public void kill() {
        process.destroyForcibly();
        await();
    }

    @Override
    public void close() {
        process.destroy();
        if (!await()) {
            kill();
        }
    }

    private boolean await() {
        try {
            return process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")");
    }
}
