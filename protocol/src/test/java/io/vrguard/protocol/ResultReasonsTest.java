package io.vrguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rejection code in a result's reason, read back by consumers that must act on it. */
class ResultReasonsTest {
    private static ActionResult result(ActionStatus status, String reason) {
        return new ActionResult(WireSchema.ACTION_RESULT, "c1", "host-a", Instant.parse("2026-11-21T10:00:00Z"),
                status, "enforce", "v1", reason, List.of());
    }

    @Test
    void theCodeOfARejectionIsReadFromItsReason() {
        assertThat(ResultReasons.rejectionCode(result(ActionStatus.REJECTED, "policy_bounds: cpu_shares 128 ...")))
                .contains("policy_bounds");
        assertThat(ResultReasons.rejectionCode(result(ActionStatus.FAILED, "replayed: no"))).isEmpty();
        assertThat(ResultReasons.rejectionCode(result(ActionStatus.REJECTED, "shares above bound"))).isEmpty();
        assertThat(ResultReasons.rejectionCode(result(ActionStatus.REJECTED, null))).isEmpty();
    }

    @Test
    void onlyAReplayRejectionIsAReplay() {
        assertThat(ResultReasons.isReplay(result(ActionStatus.REJECTED,
                "replayed: command c1 was already received at vrguard.commands-0@7"))).isTrue();
        assertThat(ResultReasons.isReplay(result(ActionStatus.REJECTED, "step_too_large: replayed: x"))).isFalse();
        assertThat(ResultReasons.isReplay(result(ActionStatus.REJECTED, "expired: command c1 was replayed")))
                .isFalse();
        assertThat(ResultReasons.isReplay(result(ActionStatus.APPLIED, null))).isFalse();
    }
}
