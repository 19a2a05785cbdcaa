package io.vrguard.enforcer.core;

import static io.vrguard.enforcer.core.CommandRig.shares;
import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.protocol.ActionStatus;
import io.vrguard.protocol.AppliedChange;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.PolicyBounds;
import io.vrguard.protocol.Setting;
import io.vrguard.protocol.SettingChange;
import io.vrguard.protocol.WireSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
    private final CommandRig rig = new CommandRig(Mode.ENFORCE);

    private void assertRejected(Handled handled, String code) {
        assertThat(handled.result().status()).isEqualTo(ActionStatus.REJECTED);
        assertThat(handled.rejection()).isEqualTo(code);
        assertThat(handled.result().reason()).startsWith(code + ": ");
        assertThat(rig.knobs.writes()).as("nothing written").isZero();
        assertThat(rig.originals.all()).isEmpty();
    }

    @Test
    void forgedSignatureIsRejectedAndNotRecorded() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        Handled h = rig.handleRaw(CommandRig.forged(c, "k1"));
        assertRejected(h, "bad_signature");
        assertThat(h.result().commandId()).as("an unauthenticated id is not echoed").isNull();
        assertThat(rig.ledger.entries).isEmpty();
    }

    @Test
    void unknownAndWrongKeyIdsAreRejected() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        assertRejected(rig.handleRaw(CommandRig.forged(c, "k9")), "unknown_key");
        // signed with k1's secret but labelled k2: must not verify
        String relabelled = new String(CommandRig.signed(c), StandardCharsets.UTF_8).replace("\"k1\"", "\"k2\"");
        assertRejected(rig.handleRaw(relabelled.getBytes(StandardCharsets.UTF_8)), "bad_signature");
    }

    @Test
    void undecodableRecordsAreRejectedAsMalformed() {
        assertRejected(rig.handleRaw("{not json".getBytes(StandardCharsets.UTF_8)), "malformed");
        assertRejected(rig.handleRaw(new byte[0]), "malformed");
        assertRejected(rig.handleRaw("{\"schema\":1,\"keyId\":\"k1\"}".getBytes(StandardCharsets.UTF_8)),
                "unsigned");
    }

    @Test
    void wrongHostIsRejected() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        EnforcementCommand other = new EnforcementCommand(c.schema(), c.id(), "host-b", c.issuedAt(), c.expiresAt(),
                c.type(), c.violationId(), c.reason(), c.changes(), Map.of());
        assertRejected(rig.handle(other), "wrong_host");
    }

    @Test
    void expiredAndFutureCommandsAreRejected() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        rig.clock.advance(Duration.ofSeconds(30));
        assertRejected(rig.handle(c), "expired");
        EnforcementCommand future = new EnforcementCommand(WireSchema.COMMAND, "c2", "host-a",
                rig.clock.instant().plus(Duration.ofMinutes(5)), rig.clock.instant().plus(Duration.ofMinutes(6)),
                CommandType.APPLY, null, null, List.of(shares("vr1", "2048")), Map.of());
        assertRejected(rig.handle(future), "not_yet_valid");
    }

    @Test
    void replayIsRejectedButARedeliveryGetsTheSameResult() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        byte[] record = CommandRig.signed(c);
        Handled first = rig.handler.handle(record, "vrguard.commands-0@7");
        assertThat(first.result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(rig.shares.writes).containsExactly("2048");

        Handled redelivered = rig.handler.handle(record, "vrguard.commands-0@7");
        assertThat(redelivered.result()).isEqualTo(first.result());
        assertThat(redelivered.alreadyPublished()).isFalse();
        rig.handler.published("c1");
        assertThat(rig.handler.handle(record, "vrguard.commands-0@7").alreadyPublished()).isTrue();

        rig.shares.value = "1024"; // even if the value moved back, a replay must not re-apply
        Handled replay = rig.handler.handle(record, "vrguard.commands-0@8");
        assertThat(replay.rejection()).isEqualTo("replayed");
        assertThat(rig.shares.writes).containsExactly("2048");
    }

    @Test
    void aRedeliveryAfterTheExpiryStillGetsItsRecordedResult() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        byte[] record = CommandRig.signed(c);
        Handled first = rig.handler.handle(record, "vrguard.commands-0@7");
        assertThat(first.result().status()).isEqualTo(ActionStatus.APPLIED);

        // the result was never acknowledged (broker down, or a crash), and the record comes back after its TTL
        rig.clock.advance(Duration.ofMinutes(5));
        Handled redelivered = rig.handler.handle(record, "vrguard.commands-0@7");
        assertThat(redelivered.result()).as("the applied result, not 'expired'").isEqualTo(first.result());
        assertThat(redelivered.result().commandId()).isEqualTo("c1");
        assertThat(redelivered.rejection()).isNull();
        assertThat(redelivered.alreadyPublished()).isFalse();

        rig.handler.published("c1");
        assertThat(rig.handler.handle(record, "vrguard.commands-0@7").alreadyPublished()).isTrue();
        Handled replay = rig.handler.handle(record, "vrguard.commands-0@9");
        assertThat(replay.rejection()).as("a replay stays a replay after the expiry").isEqualTo("replayed");
        assertThat(replay.result().commandId()).isEqualTo("c1");
        assertThat(rig.shares.writes).containsExactly("2048");
    }

    @Test
    void aCommandInterruptedByACrashThatComesBackExpiredIsAnsweredWithItsIdAndNotRun() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        rig.ledger.begin("c1", c.expiresAt(), "vrguard.commands-0@3");
        rig.clock.advance(Duration.ofMinutes(5));
        Handled h = rig.handler.handle(CommandRig.signed(c), "vrguard.commands-0@3");
        assertRejected(h, "expired");
        assertThat(h.result().commandId()).isEqualTo("c1");
        assertThat(rig.ledger.entries.get("c1").result()).as("recorded, so it is answered once").isEqualTo(h.result());
    }

    @Test
    void aCommandInterruptedByACrashIsReconciledAgainNotWrittenTwice() {
        EnforcementCommand c = rig.command("c1", CommandType.APPLY, shares("vr1", "2048"));
        // the crash came after the write and before the result was recorded
        rig.ledger.begin("c1", c.expiresAt(), "vrguard.commands-0@3");
        rig.originals.rememberIfAbsent(new OriginalValues.Original("vr1", Setting.CPU_SHARES, null, "cpu.shares",
                "1024"));
        rig.shares.value = "2048";
        Handled h = rig.handler.handle(CommandRig.signed(c), "vrguard.commands-0@3");
        assertThat(h.result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(h.result().changes()).singleElement().extracting(AppliedChange::outcome).isEqualTo("noop");
        assertThat(rig.shares.writes).isEmpty();
        assertThat(rig.originals.all()).singleElement().extracting(OriginalValues.Original::value).isEqualTo("1024");
    }

    @Test
    void unknownVrAndPathLikeNamesAreRejected() {
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY, shares("vr9", "2048"))), "unknown_router");
        assertRejected(rig.handle(rig.command("c2", CommandType.APPLY, shares("../../x", "2048"))),
                "invalid_router");
        assertRejected(rig.handle(rig.command("c3", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, "../../../proc/sys", "1", null))), "unknown_interface");
        assertRejected(rig.handle(rig.command("c4", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, "eth0", "1", null))), "unknown_interface");
    }

    @ParameterizedTest
    @CsvSource({
        "cpu_shares, 1, out_of_range",
        "cpu_shares, 262145, out_of_range",
        "cpu_shares, -5, bad_value",
        "cpu_shares, 0x10, bad_value",
        "cpu_weight, 0, out_of_range",
        "cpu_weight, 10001, out_of_range",
        "cpu_shares, 128, policy_bounds",
        "cpu_shares, 16384, policy_bounds",
        "cpu_quota, 500 100000, out_of_range",
        "cpu_quota, 50000 10, out_of_range",
        "cpu_quota, lots, bad_value",
    })
    void outOfRangeAndOutOfPolicyValuesAreRefusedNotClamped(String setting, String value, String code) {
        SettingChange change = new SettingChange("vr1", Setting.fromWire(setting), null, value, CommandRig.BOUNDS);
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY, change)), code);
    }

    @Test
    void masksNamingOfflineOrDisallowedCpusAreRefused() {
        PolicyBounds only1 = new PolicyBounds(null, null, false, List.of(1));
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, "veth0", "0-2", CommandRig.BOUNDS))), "out_of_range");
        assertRejected(rig.handle(rig.command("c2", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, "veth0", "0", only1))), "policy_bounds");
        assertRejected(rig.handle(rig.command("c3", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, "veth0", "0x1", CommandRig.BOUNDS))), "bad_value");
    }

    @Test
    void quotaNeedsAPolicyThatAllowsIt() {
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_QUOTA, null, "50000 100000", null))), "missing_bounds");
        assertRejected(rig.handle(rig.command("c2", CommandType.APPLY, new SettingChange("vr1", Setting.CPU_QUOTA,
                null, "50000 100000", new PolicyBounds(2L, 262144L, false, List.of())))), "quota_not_allowed");
    }

    @Test
    void aChangeWithoutPolicyBoundsForWhatItChangesIsRefused() {
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_SHARES, null, "2048", null))), "missing_bounds");
        assertRejected(rig.handle(rig.command("c2", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_WEIGHT, null, "150", new PolicyBounds(null, 8192L, false,
                        List.of())))), "missing_bounds");
        assertRejected(rig.handle(rig.command("c3", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, "veth0", "1", null))), "missing_bounds");
        Handled h = rig.handle(rig.command("c4", CommandType.APPLY,
                new SettingChange("vr2", Setting.RPS_CPUS, "veth0", "1", new PolicyBounds(null, null, false,
                        List.of()))));
        assertThat(h.result().status()).as("empty allowedCpus: any online CPU, said explicitly")
                .isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void aQuotaCapBelowTheEnforcersOrThePolicysMinimumIsRefused() {
        // from unlimited there is no step to measure: 1000 µs of 1 s would be 0.1 % of a CPU
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY, new SettingChange("vr1", Setting.CPU_QUOTA,
                null, "1000 1000000", CommandRig.BOUNDS))), "quota_too_low");
        assertRejected(rig.handle(rig.command("c2", CommandType.APPLY, new SettingChange("vr1", Setting.CPU_QUOTA,
                null, "9999 100000", CommandRig.BOUNDS))), "quota_too_low");
        assertRejected(rig.handle(rig.command("c3", CommandType.APPLY, new SettingChange("vr1", Setting.CPU_QUOTA,
                null, "20000 100000", new PolicyBounds(2L, 262144L, true, List.of(), 25.0)))), "policy_bounds");
        assertRejected(rig.handle(rig.command("c4", CommandType.APPLY, new SettingChange("vr1", Setting.CPU_QUOTA,
                null, "20000", CommandRig.BOUNDS))), "bad_value");

        CommandRig strict = new CommandRig(Mode.ENFORCE, new Limits(2.0, Duration.ofSeconds(60), 6,
                Duration.ofMinutes(10), Duration.ofSeconds(30), 50.0));
        Handled below = strict.handle(strict.command("c5", CommandType.APPLY, new SettingChange("vr1",
                Setting.CPU_QUOTA, null, "40000 100000", CommandRig.BOUNDS)));
        assertThat(below.rejection()).isEqualTo("quota_too_low");
        assertThat(below.result().reason()).contains("40.0 % of a CPU", "minimum of 50.0 %");

        Handled atFloor = rig.handle(rig.command("c6", CommandType.APPLY, new SettingChange("vr1",
                Setting.CPU_QUOTA, null, "10000 100000", CommandRig.BOUNDS)));
        assertThat(atFloor.result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(rig.quota.value).isEqualTo("10000 100000");
        rig.clock.advance(Duration.ofMinutes(2));
        assertThat(rig.handle(rig.command("c7", CommandType.APPLY, new SettingChange("vr1", Setting.CPU_QUOTA,
                null, "max", CommandRig.BOUNDS))).result().status()).as("lifting a cap is never too low")
                .isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void aStepLargerThanTheFactorIsRefused() {
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY, shares("vr1", "4096"))), "step_too_large");
        assertRejected(rig.handle(rig.command("c2", CommandType.APPLY, shares("vr1", "256"))), "step_too_large");
        rig.quota.value = "100000 100000";
        assertRejected(rig.handle(rig.command("c3", CommandType.APPLY,
                new SettingChange("vr1", Setting.CPU_QUOTA, null, "20000 100000", CommandRig.BOUNDS))),
                "step_too_large");
    }

    @Test
    void oneBadChangeRefusesTheWholeCommandAndSaysWhichOne() {
        Handled h = rig.handle(rig.command("c1", CommandType.APPLY, shares("vr1", "2048"), shares("vr9", "2048")));
        assertRejected(h, "unknown_router");
        assertThat(h.result().changes()).extracting(AppliedChange::outcome).containsOnly("rejected");
        assertThat(h.result().changes()).extracting(AppliedChange::detail).satisfiesExactly(
                d -> assertThat(d).startsWith("valid, but not applied"),
                d -> assertThat(d).startsWith("unknown_router"));
    }

    @Test
    void rateLimitAndCooldownPerVr() {
        CommandRig limited = new CommandRig(Mode.ENFORCE,
                new Limits(2.0, Duration.ofSeconds(60), 2, Duration.ofMinutes(10), Duration.ofSeconds(30)));
        assertThat(limited.handle(limited.command("c1", CommandType.APPLY, shares("vr1", "2048"))).result().status())
                .isEqualTo(ActionStatus.APPLIED);
        Handled cooling = limited.handle(limited.command("c2", CommandType.APPLY, shares("vr1", "1024")));
        assertThat(cooling.rejection()).isEqualTo("cooldown");
        limited.clock.advance(Duration.ofSeconds(61));
        assertThat(limited.handle(limited.command("c3", CommandType.APPLY, shares("vr1", "2048"))).rejection())
                .as("a no-op command still counts towards the rate").isNull();
        Handled limitedOut = limited.handle(limited.command("c4", CommandType.APPLY, shares("vr1", "1024")));
        assertThat(limitedOut.rejection()).isEqualTo("rate_limited");
        assertThat(limited.shares.writes).containsExactly("2048");
        limited.clock.advance(Duration.ofMinutes(10));
        assertThat(limited.handle(limited.command("c5", CommandType.APPLY, shares("vr1", "1024"))).result().status())
                .isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void stopCommandAndFlagFileHaltWritesUntilLifted() {
        rig.handle(rig.command("s1", CommandType.STOP));
        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY, shares("vr1", "2048"))), "stopped");
        rig.handle(rig.command("r1", CommandType.RESUME));
        rig.stop.flag = true;
        assertRejected(rig.handle(rig.command("c2", CommandType.APPLY, shares("vr1", "2048"))), "stopped");
        assertRejected(rig.handle(rig.command("c3", CommandType.REVERT)), "stopped");
        rig.stop.flag = false;
        assertThat(rig.handle(rig.command("c4", CommandType.APPLY, shares("vr1", "2048"))).result().status())
                .isEqualTo(ActionStatus.APPLIED);
    }

    @Test
    void aStopAndAResumeAddressedToTheWholeFleetAreAppliedAndAnsweredForThisHost() {
        Handled stop = rig.handle(rig.fleet("stop-1", CommandType.STOP));
        assertThat(stop.result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(stop.result().commandId()).isEqualTo("stop-1");
        assertThat(stop.result().host()).as("answered as this host").isEqualTo("host-a");
        assertThat(stop.result().reason()).isEqualTo("fleet stop on: no writes until resume (operator: maintenance)");
        assertThat(rig.stop.stoppedByCommand()).isTrue();
        assertThat(rig.ledger.entries).as("recorded like any command").containsKey("stop-1");

        assertRejected(rig.handle(rig.command("c1", CommandType.APPLY, shares("vr1", "2048"))), "stopped");
        assertRejected(rig.handle(rig.command("c2", CommandType.REVERT)), "stopped");

        Handled resume = rig.handle(rig.fleet("resume-1", CommandType.RESUME));
        assertThat(resume.result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(resume.result().reason()).startsWith("fleet stop lifted");
        assertThat(rig.stop.stoppedByCommand()).isFalse();
        assertThat(rig.handle(rig.command("c3", CommandType.APPLY, shares("vr1", "2048"))).result().status())
                .isEqualTo(ActionStatus.APPLIED);
        assertThat(rig.shares.writes).containsExactly("2048");
    }

    @Test
    void onlyStopAndResumeMayBeAddressedToTheWholeFleet() {
        for (CommandType type : List.of(CommandType.APPLY, CommandType.REVERT)) {
            Handled h = rig.handle(rig.fleet("f-" + type.wireName(), type, shares("vr1", "2048")));
            assertRejected(h, "fleet_command_type");
            assertThat(h.result().reason()).contains("of type " + type.wireName(), "'*'", "only stop and resume");
            assertThat(h.result().host()).isEqualTo("host-a");
        }
        assertThat(rig.ledger.entries).as("refused before the ledger, like a command for another host").isEmpty();
        assertThat(rig.shares.writes).isEmpty();
    }

    @Test
    void aFleetStopIsAuthenticatedCheckedInTimeAndNotReplayable() {
        EnforcementCommand stop = rig.fleet("stop-1", CommandType.STOP);
        assertRejected(rig.handleRaw(CommandRig.forged(stop, "k1")), "bad_signature");
        assertRejected(rig.handleRaw(CommandRig.forged(stop, "k9")), "unknown_key");
        assertThat(rig.stop.stoppedByCommand()).as("a forged fleet stop stops nothing").isFalse();

        // a late resume is refused; a late stop still stops (the safe direction: the host was down when it came)
        EnforcementCommand resume0 = rig.fleet("resume-0", CommandType.RESUME);
        rig.clock.advance(Duration.ofSeconds(30));
        assertRejected(rig.handle(resume0), "expired");
        rig.clock.advance(Duration.ofSeconds(30));
        assertThat(rig.handle(stop).result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(rig.stop.stoppedByCommand()).isTrue();
        rig.handle(rig.fleet("resume-1", CommandType.RESUME));
        assertThat(rig.stop.stoppedByCommand()).isFalse();

        // a genuine stop, lifted; the stop's record replayed from another offset must not stop the host again
        EnforcementCommand stop2 = rig.fleet("stop-2", CommandType.STOP);
        byte[] record = CommandRig.signed(stop2);
        assertThat(rig.handler.handle(record, "vrguard.commands-1@4").result().status())
                .isEqualTo(ActionStatus.APPLIED);
        rig.handle(rig.fleet("resume-2", CommandType.RESUME));
        Handled replay = rig.handler.handle(record, "vrguard.commands-1@9");
        assertThat(replay.rejection()).isEqualTo("replayed");
        assertThat(replay.result().commandId()).isEqualTo("stop-2");
        assertThat(rig.stop.stoppedByCommand()).isFalse();
    }

    @Test
    void aStopForAnotherHostIsStillWrongHost() {
        EnforcementCommand c = rig.command("s1", CommandType.STOP);
        assertRejected(rig.handle(new EnforcementCommand(c.schema(), c.id(), "host-b", c.issuedAt(), c.expiresAt(),
                c.type(), null, null, List.of(), Map.of())), "wrong_host");
        assertThat(rig.stop.stoppedByCommand()).isFalse();
    }

    @Test
    void enforceWritesOnlyOnDifferenceReadsBackAndRevertRestores() {
        Handled applied = rig.handle(rig.command("c1", CommandType.APPLY, shares("vr1", "2048"),
                new SettingChange("vr2", Setting.RPS_CPUS, "veth0", "1", CommandRig.BOUNDS)));
        assertThat(applied.result().status()).isEqualTo(ActionStatus.APPLIED);
        assertThat(applied.result().changes()).extracting(AppliedChange::target, AppliedChange::before,
                AppliedChange::after, AppliedChange::outcome).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cpu.shares", "1024", "2048", "changed"),
                        org.assertj.core.groups.Tuple.tuple("veth0/rx-0/rps_cpus", "", "1", "changed"),
                        org.assertj.core.groups.Tuple.tuple("veth0/rx-1/rps_cpus", "", "1", "changed"));
        rig.clock.advance(Duration.ofMinutes(2));
        Handled again = rig.handle(rig.command("c2", CommandType.APPLY, shares("vr1", "2048")));
        assertThat(again.result().changes()).singleElement().extracting(AppliedChange::outcome).isEqualTo("noop");
        assertThat(rig.shares.writes).containsExactly("2048");

        Handled reverted = rig.handle(rig.command("c3", CommandType.REVERT));
        assertThat(reverted.result().status()).isEqualTo(ActionStatus.REVERTED);
        assertThat(rig.shares.value).isEqualTo("1024");
        assertThat(rig.rx0.value).isEmpty();
        assertThat(rig.originals.all()).isEmpty();
    }

    @Test
    void dryRunReportsCurrentValuesAndWritesNothing() {
        CommandRig dry = new CommandRig(Mode.DRY_RUN);
        Handled h = dry.handle(dry.command("c1", CommandType.APPLY, shares("vr1", "2048")));
        assertThat(h.result().status()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(h.result().mode()).isEqualTo("dry-run");
        assertThat(h.result().changes()).singleElement().satisfies(c -> {
            assertThat(c.before()).isEqualTo("1024");
            assertThat(c.outcome()).isEqualTo("would_change");
        });
        assertThat(dry.knobs.writes()).isZero();
        assertThat(dry.originals.all()).isEmpty();
    }

    @Test
    void observeNeitherReadsNorWrites() {
        CommandRig observe = new CommandRig(Mode.OBSERVE);
        observe.shares.value = null; // a read would blow up the comparison
        Handled h = observe.handle(observe.command("c1", CommandType.APPLY, shares("vr1", "2048")));
        assertThat(h.result().status()).isEqualTo(ActionStatus.DRY_RUN);
        assertThat(h.result().mode()).isEqualTo("observe");
        assertThat(observe.knobs.writes()).isZero();
    }

    @Test
    void anUncheckedExceptionOfAKnobFailsThatChangeAndTheNextCommandIsHandled() {
        MemoryPorts.MemoryKnob buggy = new MemoryPorts.MemoryKnob("cpu.shares", Setting.CPU_SHARES, "1024") {
            @Override
            public void write(String canonical) {
                throw new IllegalArgumentException("refusing mask 'ff...'");
            }
        };
        rig.knobs.byKey.put("vr1/" + Setting.CPU_SHARES, List.of(buggy));
        Handled h = rig.handle(rig.command("c1", CommandType.APPLY, shares("vr1", "2048")));
        assertThat(h.result().status()).isEqualTo(ActionStatus.FAILED);
        assertThat(h.result().changes()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo("failed");
            assertThat(c.after()).isEqualTo("1024");
            assertThat(c.detail()).contains("IllegalArgumentException", "refusing mask");
        });

        MemoryPorts.MemoryKnob unreadable = new MemoryPorts.MemoryKnob("cpu.shares", Setting.CPU_SHARES, "1024") {
            @Override
            public String read() {
                throw new NumberFormatException("For input string: \"garbage\"");
            }
        };
        rig.knobs.byKey.put("vr1/" + Setting.CPU_SHARES, List.of(unreadable));
        Handled refused = rig.handle(rig.command("c2", CommandType.APPLY, shares("vr1", "2048")));
        assertThat(refused.rejection()).isEqualTo("unavailable");
        assertThat(refused.result().reason()).contains("NumberFormatException", "garbage");

        assertThat(rig.handle(rig.command("s1", CommandType.STOP)).result().status())
                .as("the stop behind them is read and applied").isEqualTo(ActionStatus.APPLIED);
        assertThat(rig.stop.command).isTrue();
    }

    @Test
    void anIrqTheKernelWillNotMoveRefusesTheWholeCommandBeforeAnyWrite() {
        MemoryPorts.MemoryKnob movable = rig.knobs.add("vr2", Setting.IRQ_AFFINITY,
                new MemoryPorts.MemoryKnob("veth0/irq 37", Setting.IRQ_AFFINITY, "0-1"));
        rig.knobs.add("vr2", Setting.IRQ_AFFINITY, new MemoryPorts.MemoryKnob("veth0/irq 38",
                Setting.IRQ_AFFINITY, "0-1") {
            @Override
            public void probe() throws KnobException {
                throw new KnobException("the kernel will not move IRQ 38 (EIO: a managed or per-CPU IRQ)");
            }
        });
        Handled h = rig.handle(rig.command("c1", CommandType.APPLY,
                new SettingChange("vr2", Setting.IRQ_AFFINITY, "veth0", "1", CommandRig.BOUNDS)));
        assertRejected(h, "irq_unmovable");
        assertThat(h.result().reason()).contains("IRQ 38", "nothing of this command was changed");
        assertThat(h.result().changes()).extracting(AppliedChange::target, AppliedChange::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("veth0/irq 37", "rejected"),
                org.assertj.core.groups.Tuple.tuple("veth0/irq 38", "rejected"));
        assertThat(movable.value).isEqualTo("0-1");

        CommandRig dry = new CommandRig(Mode.DRY_RUN);
        dry.knobs.add("vr2", Setting.IRQ_AFFINITY, new MemoryPorts.MemoryKnob("veth0/irq 38", Setting.IRQ_AFFINITY,
                "0-1") {
            @Override
            public void probe() {
                throw new AssertionError("dry-run writes nothing, not even a probe");
            }
        });
        assertThat(dry.handle(dry.command("c2", CommandType.APPLY, new SettingChange("vr2", Setting.IRQ_AFFINITY,
                "veth0", "1", CommandRig.BOUNDS))).result().status()).isEqualTo(ActionStatus.DRY_RUN);
    }

    @Test
    void aFailedWriteStopsTheCommandAndIsReported() {
        MemoryPorts.MemoryKnob broken = new MemoryPorts.MemoryKnob("cpu.shares", Setting.CPU_SHARES, "1024") {
            @Override
            public void write(String canonical) {
                writes.add(canonical); // the kernel "accepts" but clamps
                value = "1500";
            }
        };
        rig.knobs.byKey.put("vr1/" + Setting.CPU_SHARES, List.of(broken));
        Handled h = rig.handle(rig.command("c1", CommandType.APPLY, shares("vr1", "2048")));
        assertThat(h.result().status()).isEqualTo(ActionStatus.FAILED);
        assertThat(h.result().reason()).contains("kernel holds 1500");
    }
}
