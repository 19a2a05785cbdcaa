package io.vrguard.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HMAC-SHA256 keys by key id. Several ids may be live at once so keys rotate without downtime: sign with the
 * new id once every enforcer knows it, then retire the old one. Secrets never appear in {@link #toString()}.
 */
public final class HmacKeyRing {
    /** Shorter secrets are refused: HMAC-SHA256 wants at least its output size (RFC 2104 §3). */
    public static final int MIN_SECRET_BYTES = 32;

    private final Map<String, byte[]> secrets;

    private HmacKeyRing(Map<String, byte[]> secrets) {
        this.secrets = secrets;
    }

    public static HmacKeyRing of(Map<String, byte[]> secrets) {
        Map<String, byte[]> copy = new HashMap<>();
        secrets.forEach((id, secret) -> {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("HMAC key id must not be blank");
            }
            if (secret == null || secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("HMAC key '" + id + "' is shorter than " + MIN_SECRET_BYTES
                        + " bytes");
            }
            copy.put(id, secret.clone());
        });
        return new HmacKeyRing(Map.copyOf(copy));
    }

    Optional<byte[]> secret(String keyId) {
        return Optional.ofNullable(keyId == null ? null : secrets.get(keyId));
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    @Override
    public String toString() {
        return "HmacKeyRing" + secrets.keySet();
    }
}
