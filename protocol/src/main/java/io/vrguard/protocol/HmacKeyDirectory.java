package io.vrguard.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * HMAC keys as files in one directory, re-read whenever the directory changes, so keys rotate without a restart:
 * file {@code ID.key} holds the base64 of key {@code ID}'s secret (at least 32 bytes; {@code openssl rand -base64
 * 48}). The same file serves the analyzer (signs) and the enforcers (verify). A directory that fails to load after
 * a change (a half-copied file, a short key) keeps the last good ring; the problem names the file, never the secret.
 */
public final class HmacKeyDirectory implements Supplier<HmacKeyRing> {
    private static final System.Logger LOG = System.getLogger(HmacKeyDirectory.class.getName());
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final String SUFFIX = ".key";

    private final Path dir;
    private Map<String, String> fingerprint;
    private HmacKeyRing ring;
    private String problem;

    /** Loads the directory now; a directory that cannot be loaded at start is an error. */
    public HmacKeyDirectory(Path dir) {
        this.dir = dir;
        this.fingerprint = fingerprint();
        this.ring = load();
    }

    /** The current keys, re-read first when a file was added, removed or changed (size or modification time). */
    @Override
    public synchronized HmacKeyRing get() {
        Map<String, String> now;
        try {
            now = fingerprint();
        } catch (UncheckedIOException e) {
            report("cannot list " + dir + ": " + e.getCause().getMessage());
            return ring;
        }
        if (!now.equals(fingerprint)) {
            try {
                HmacKeyRing loaded = load();
                LOG.log(System.Logger.Level.INFO, "HMAC keys in " + dir + " now " + loaded.ids() + " (were "
                        + ring.ids() + ")");
                ring = loaded;
                problem = null;
                fingerprint = now;
            } catch (RuntimeException e) {
                report(e.getMessage() + "; keeping " + ring.ids());
            }
        }
        return ring;
    }

    /** The last load problem since the last good load, or null. */
    public synchronized String problem() {
        return problem;
    }

    private void report(String message) {
        if (!message.equals(problem)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
        problem = message;
    }

    private HmacKeyRing load() {
        Map<String, byte[]> secrets = new HashMap<>();
        for (Path file : keyFiles()) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - SUFFIX.length());
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("HMAC key file " + file + ": id '" + id
                        + "' must be letters, digits and _ . - (max 64)");
            }
            warnIfShared(file);
            byte[] secret;
            try {
                String text = Files.readString(file, StandardCharsets.US_ASCII);
                secret = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
            } catch (IOException e) {
                throw new UncheckedIOException("HMAC key file " + file + " cannot be read", e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HMAC key file " + file + " is not base64");
            }
            secrets.put(id, secret);
        }
        return HmacKeyRing.of(secrets);
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                LOG.log(System.Logger.Level.WARNING, "HMAC key file " + file
                        + " is readable by group or others; chmod 0600 it");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // permissions are advice only
        }
    }

    private Iterable<Path> keyFiles() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            java.util.List<Path> list = new java.util.ArrayList<>();
            files.forEach(f -> {
                if (Files.isRegularFile(f)) {
                    list.add(f);
                }
            });
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("HMAC key directory " + dir + " cannot be read", e);
        }
    }

    private Map<String, String> fingerprint() {
        Map<String, String> result = new TreeMap<>();
        for (Path file : keyFiles()) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                result.put(file.getFileName().toString(), a.size() + "@" + a.lastModifiedTime().toMillis()
                        + "#" + a.fileKey());
            } catch (IOException e) {
                result.put(file.getFileName().toString(), "unreadable");
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "HmacKeyDirectory[" + dir + "]";
    }
}
