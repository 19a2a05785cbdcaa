package io.vrguard.protocol;

import java.util.Optional;

/**
 * The enforcer writes a rejected result's {@link ActionResult#reason() reason} as {@code CODE: message}, where
 * {@code CODE} is one of a stable set ({@code bad_signature}, {@code expired}, {@code replayed},
 * {@code policy_bounds}, ...; listed in enforcer/README.md). This reads the code back for a consumer that must act on
 * it, so none has to match on message text.
 */
public final class ResultReasons {
    /**
     * The record was a second copy of a command this enforcer had already received: it says nothing about the
     * command itself, whose own result was (or will be) published under the same command id.
     */
    public static final String REPLAYED = "replayed";

    private ResultReasons() {
    }

    /** The code of a rejected result; empty for any other status or a reason not in {@code CODE: message} form. */
    public static Optional<String> rejectionCode(ActionResult result) {
        if (result.status() != ActionStatus.REJECTED || result.reason() == null) {
            return Optional.empty();
        }
        int colon = result.reason().indexOf(": ");
        String code = colon < 0 ? "" : result.reason().substring(0, colon);
        return code.matches("[a-z_]{1,40}") ? Optional.of(code) : Optional.empty();
    }

    /** A replay rejection: a duplicate record, not the enforcer's verdict on the command it repeats. */
    public static boolean isReplay(ActionResult result) {
        return rejectionCode(result).filter(REPLAYED::equals).isPresent();
    }
}
