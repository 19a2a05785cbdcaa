package io.vrguard.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HMAC-SHA256 keys by key id. Several ids may be live at once so keys rotate without downtime: sign with the
 * new id once every enforcer knows it, then retire the old one. Secrets never appear in {@link #toString()}.
 */
public final class HmacKeyRing {
    /** Shorter secrets are refused: HMAC-SHA256 wants at least its output size (RFC 2104 §3). */
    public static final int MIN_SECRET_BYTES = 32;

    private final Map<String, byte[]> secrets;
    /** When set, every look-up asks it for the current ring (keys that rotate while the service runs). */
    private final Supplier<HmacKeyRing> live;

    private HmacKeyRing(Map<String, byte[]> secrets) {
        this.secrets = secrets;
        this.live = null;
    }

    private HmacKeyRing(Supplier<HmacKeyRing> live) {
        this.secrets = Map.of();
        this.live = live;
    }

    /** A ring that asks {@code source} for the current keys at each look-up, e.g. {@link HmacKeyDirectory}. */
    public static HmacKeyRing live(Supplier<HmacKeyRing> source) {
        return new HmacKeyRing(source);
    }

    /** Keys of both rings (as they are at each look-up); an id in both is refused. */
    public static HmacKeyRing union(HmacKeyRing first, HmacKeyRing second) {
        java.util.Set<String> both = new java.util.TreeSet<>(first.ids());
        both.retainAll(second.ids());
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("HMAC key ids " + both + " are configured twice");
        }
        return live(() -> {
            Map<String, byte[]> all = new HashMap<>(second.current().secrets);
            all.putAll(first.current().secrets);
            return new HmacKeyRing(Map.copyOf(all));
        });
    }

    private HmacKeyRing current() {
        return live != null ? live.get().current() : this;
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
        if (live != null) {
            return live.get().secret(keyId);
        }
        return Optional.ofNullable(keyId == null ? null : secrets.get(keyId));
    }

    public boolean isEmpty() {
        return live != null ? live.get().isEmpty() : secrets.isEmpty();
    }

    /** The key ids (never the secrets), sorted. */
    public java.util.SortedSet<String> ids() {
        return live != null ? live.get().ids() : new java.util.TreeSet<>(secrets.keySet());
    }

    @Override
    public String toString() {
        return "HmacKeyRing" + ids();
    }
}
