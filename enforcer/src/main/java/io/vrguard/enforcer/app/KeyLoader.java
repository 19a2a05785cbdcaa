package io.vrguard.enforcer.app;

import io.vrguard.protocol.HmacKeyDirectory;
import io.vrguard.protocol.HmacKeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Loads HMAC secrets from files or environment variables; messages name the source, never the secret. */
final class KeyLoader {
    private KeyLoader() {
    }

    /**
     * The keys of {@code keys} (fixed at start) merged with those of {@code keyDir} (re-read whenever the directory
     * changes); a key id in both is refused.
     */
    static HmacKeyRing load(Iterable<EnforcerProperties.Key> keys, Path keyDir, Function<String, String> env) {
        HmacKeyRing fixed = load(keys, env);
        if (keyDir == null) {
            return fixed;
        }
        HmacKeyRing directory = HmacKeyRing.live(new HmacKeyDirectory(keyDir));
        return fixed.isEmpty() ? directory : HmacKeyRing.union(fixed, directory);
    }

    static HmacKeyRing load(Iterable<EnforcerProperties.Key> keys, Function<String, String> env) {
        Map<String, byte[]> secrets = new HashMap<>();
        for (EnforcerProperties.Key key : keys) {
            String secret;
            if (key.file() != null) {
                try {
                    secret = Files.readString(key.file(), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException("HMAC key '" + key.id() + "': cannot read " + key.file(), e);
                }
            } else {
                secret = env.apply(key.env());
                if (secret == null || secret.isBlank()) {
                    throw new IllegalStateException("HMAC key '" + key.id() + "': environment variable "
                            + key.env() + " is not set");
                }
            }
            if (secrets.put(key.id(), secret.getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalStateException("HMAC key id '" + key.id() + "' is configured twice");
            }
        }
        return HmacKeyRing.of(secrets);
    }
}
