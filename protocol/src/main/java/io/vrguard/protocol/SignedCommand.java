package io.vrguard.protocol;

/**
 * The record on {@link Topics#COMMANDS}: the command's JSON exactly as signed, so verification needs no
 * canonical form (the same idea as JWS).
 *
 * @param keyId     which configured HMAC key signed it (several may be configured, for rotation)
 * @param signature base64 of HMAC-SHA256 over the UTF-8 bytes of {@code payload}
 * @param payload   the {@link EnforcementCommand} as JSON
 */
public record SignedCommand(int schema, String keyId, String signature, String payload) implements Versioned {
    @Override
    public String toString() {
        return "SignedCommand[keyId=" + keyId + ", payload=" + payload + "]";
    }
}
