package io.vrguard.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs and verifies {@link EnforcementCommand}s with HMAC-SHA256 over their exact JSON bytes. */
public final class CommandSigning {
    private static final String ALGORITHM = "HmacSHA256";

    private CommandSigning() {
    }

    public static SignedCommand sign(EnforcementCommand command, String keyId, HmacKeyRing keys) {
        byte[] secret = keys.secret(keyId)
                .orElseThrow(() -> new IllegalArgumentException("no HMAC key with id '" + keyId + "'"));
        String payload = WireJson.toJson(command);
        return new SignedCommand(WireSchema.COMMAND, keyId, base64(hmac(secret, payload)), payload);
    }

    /** Verifies the signature and decodes the payload; throws {@link CommandRejected} with the reason. */
    public static EnforcementCommand verify(SignedCommand signed, HmacKeyRing keys) {
        if (signed.signature() == null || signed.payload() == null) {
            throw new CommandRejected("unsigned", "command has no signature or no payload");
        }
        byte[] secret = keys.secret(signed.keyId())
                .orElseThrow(() -> new CommandRejected("unknown_key", "unknown key id '" + signed.keyId() + "'"));
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signed.signature());
        } catch (IllegalArgumentException e) {
            throw new CommandRejected("bad_signature", "signature is not base64");
        }
        if (!MessageDigest.isEqual(presented, hmac(secret, signed.payload()))) {
            throw new CommandRejected("bad_signature", "signature does not verify under key id '"
                    + signed.keyId() + "'");
        }
        try {
            return WireJson.decode(signed.payload(), EnforcementCommand.class);
        } catch (WireFormatException e) {
            throw new CommandRejected("malformed", e.getMessage());
        }
    }

    private static byte[] hmac(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
