package io.vrguard.enforcer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.enforcer.core.Limits;
import io.vrguard.enforcer.core.RateLimiter;
import io.vrguard.enforcer.core.RejectedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate limit and cooldown are kept in the state dir: a new limiter on the same dir is a restart. */
class LimitHistoryRestartTest {
    private static final Limits LIMITS = new Limits(2.0, Duration.ofSeconds(60), 2, Duration.ofMinutes(10),
            Duration.ofSeconds(30));
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path state;

    private RateLimiter restartAt(Instant now) {
        return new RateLimiter(LIMITS, Clock.fixed(now, ZoneOffset.UTC), new FileLimitHistory(state));
    }

    @Test
    void aCooldownIsNotCutShortByARestart() {
        RateLimiter before = restartAt(T0);
        before.check("vr1", "c1");
        before.admitted("vr1", "c1");
        before.changed("vr1", "c1");

        RateLimiter after = restartAt(T0.plusSeconds(30));
        assertThatThrownBy(() -> after.check("vr1", "c2")).isInstanceOf(RejectedException.class)
                .hasMessageContaining("cooldown");
        assertThatCode(() -> after.check("vr2", "c2")).as("other VRs are not held").doesNotThrowAnyException();
        assertThatCode(() -> after.check("vr1", "c1")).as("the same command re-run after a crash")
                .doesNotThrowAnyException();
        assertThatCode(() -> restartAt(T0.plusSeconds(61)).check("vr1", "c2")).doesNotThrowAnyException();
    }

    @Test
    void theRateLimitCountsCommandsFromBeforeTheRestart() {
        RateLimiter first = restartAt(T0);
        first.admitted("vr1", "c1");
        first.admitted("vr1", "c1"); // a re-run counts once
        restartAt(T0.plusSeconds(60)).admitted("vr1", "c2");

        RateLimiter third = restartAt(T0.plusSeconds(120));
        assertThatThrownBy(() -> third.check("vr1", "c3")).isInstanceOf(RejectedException.class)
                .hasMessageContaining("2 commands within PT10M");
        assertThatCode(() -> restartAt(T0.plus(Duration.ofMinutes(10)).plusSeconds(1)).check("vr1", "c3"))
                .as("the first stamp left the window").doesNotThrowAnyException();
    }

    @Test
    void stampsOutsideWindowAndCooldownAreNotKept() {
        RateLimiter first = restartAt(T0);
        first.admitted("vr1", "c1");
        first.changed("vr1", "c1");
        restartAt(T0.plus(Duration.ofMinutes(11))).admitted("vr2", "c2");
        var kept = new FileLimitHistory(state).load();
        assertThat(kept.admitted()).containsOnlyKeys("vr2");
        assertThat(kept.changed()).isEmpty();
    }
}
