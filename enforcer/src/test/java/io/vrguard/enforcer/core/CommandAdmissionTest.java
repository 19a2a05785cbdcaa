package io.vrguard.enforcer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Who a command may be addressed to: this host, or every host ({@code *}) for a stop or a resume only. */
class CommandAdmissionTest {
    private final CommandRig rig = new CommandRig(Mode.ENFORCE);
    private final CommandAdmission admission = new CommandAdmission(CommandRig.RING, "host-a",
            Clock.fixed(rig.clock.instant(), ZoneOffset.UTC), Duration.ofSeconds(30));

    private static String code(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RejectedException e) {
            return e.rejection().code();
        }
    }

    @Test
    void aStopOrResumeForTheWholeFleetIsAdmittedAndNothingElseIs() {
        for (CommandType type : CommandType.values()) {
            EnforcementCommand fleet = rig.fleet("f1", type);
            boolean stopOrResume = type == CommandType.STOP || type == CommandType.RESUME;
            if (stopOrResume) {
                assertThat(admission.authenticate(CommandRig.signed(fleet))).isEqualTo(fleet);
                admission.checkValidity(fleet);
            } else {
                assertThat(code(() -> admission.authenticate(CommandRig.signed(fleet)))).as(type.wireName())
                        .isEqualTo(Rejection.FLEET_COMMAND_TYPE);
            }
            assertThat(admission.authenticate(CommandRig.signed(rig.command("h1", type)))).as("for this host")
                    .isNotNull();
        }
    }

    @Test
    void aLateStopIsStillHonouredButALateResumeOrChangeIsNot() {
        // read an hour after it was signed: an enforcer that was down when the fleet was stopped
        CommandAdmission late = new CommandAdmission(CommandRig.RING, "host-a",
                Clock.fixed(rig.clock.instant().plus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofSeconds(30));
        late.checkValidity(rig.fleet("f1", CommandType.STOP));
        late.checkValidity(rig.command("h1", CommandType.STOP));
        assertThat(code(() -> late.checkValidity(rig.fleet("f2", CommandType.RESUME)))).isEqualTo(Rejection.EXPIRED);
        assertThat(code(() -> late.checkValidity(rig.command("h2", CommandType.APPLY,
                CommandRig.shares("vr1", "2048"))))).isEqualTo(Rejection.EXPIRED);
    }

    @Test
    void theFleetAddressIsOnlyAnAddressAndSignaturesComeFirst() {
        // a forged fleet stop fails on its signature, never reaches the address check
        assertThat(code(() -> admission.authenticate(CommandRig.forged(rig.fleet("f1", CommandType.STOP), "k1"))))
                .isEqualTo(Rejection.BAD_SIGNATURE);
        assertThat(code(() -> admission.authenticate(CommandRig.forged(rig.fleet("f2", CommandType.APPLY), "k1"))))
                .isEqualTo(Rejection.BAD_SIGNATURE);
        assertThatThrownBy(() -> new CommandAdmission(CommandRig.RING, CommandAdmission.FLEET, Clock.systemUTC(),
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole fleet");
    }
}
