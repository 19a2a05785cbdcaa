package io.vrguard.lab.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's C helpers ({@code vrgl-relay}, {@code vrgl-pace}, {@code vrgl-sink}), shipped as sources in the jar and
 * compiled with gcc into {@code <workDir>/bin/<hash>/}, where the hash covers every source and the compiler flags:
 * an unchanged build is reused, a changed source gets a fresh directory.
 */
public final class NativeHelpers {
    public static final List<String> PROGRAMS = List.of("vrgl-relay", "vrgl-pace", "vrgl-sink");
    private static final List<String> SOURCES = List.of("vrgl_common.h", "vrgl-relay.c", "vrgl-pace.c", "vrgl-sink.c");
    private static final List<String> FLAGS = List.of("-O2", "-Wall", "-Wextra", "-Werror");

    private final Path binDir;

    private NativeHelpers(Path binDir) {
        this.binDir = binDir;
    }

    public static NativeHelpers build(Path workDir) {
        Map<String, byte[]> sources = readSources();
        Path dir = workDir.resolve("bin").resolve(hash(sources));
        if (PROGRAMS.stream().allMatch(p -> Files.isExecutable(dir.resolve(p)))) {
            return new NativeHelpers(dir);
        }
        try {
            Path src = Files.createDirectories(workDir.resolve("src"));
            for (var e : sources.entrySet()) {
                Files.write(src.resolve(e.getKey()), e.getValue());
            }
            Files.createDirectories(dir);
            for (String program : PROGRAMS) {
                Path tmp = dir.resolve(program + ".tmp");
                List<String> cmd = new java.util.ArrayList<>(List.of("gcc"));
                cmd.addAll(FLAGS);
                cmd.addAll(List.of("-o", tmp.toString(), src.resolve(program + ".c").toString()));
                Sh.Result r = Sh.tryRun(cmd.toArray(String[]::new));
                if (r.exit() != 0) {
                    throw new LabException("compiling " + program + " with gcc failed (is gcc installed?): "
                            + r.output().strip());
                }
                Files.move(tmp, dir.resolve(program), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LabException("cannot build the native helpers in " + dir + ": " + e.getMessage(), e);
        }
        return new NativeHelpers(dir);
    }

    public Path path(String program) {
        return binDir.resolve(program);
    }

    public Path dir() {
        return binDir;
    }

    private static Map<String, byte[]> readSources() {
        Map<String, byte[]> sources = new LinkedHashMap<>();
        for (String name : SOURCES) {
            try (InputStream in = NativeHelpers.class.getResourceAsStream("/c/" + name)) {
                if (in == null) {
                    throw new LabException("helper source /c/" + name + " is missing from the class path");
                }
                sources.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new LabException("cannot read helper source " + name, e);
            }
        }
        return sources;
    }

    private static String hash(Map<String, byte[]> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join(" ", FLAGS).getBytes());
            sources.forEach((name, bytes) -> {
                sha.update(name.getBytes());
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
