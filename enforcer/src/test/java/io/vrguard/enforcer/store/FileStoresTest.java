package io.vrguard.enforcer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.enforcer.core.OriginalValues.Original;
import io.vrguard.protocol.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoresTest {
    @TempDir
    Path state;

    @Test
    void originalsKeepTheFirstValueAcrossReopens() {
        FileOriginalValues first = new FileOriginalValues(state);
        first.rememberIfAbsent(new Original("vr1", Setting.CPU_SHARES, null, "cpu.shares", "1024"));
        first.rememberIfAbsent(new Original("vr1", Setting.CPU_SHARES, null, "cpu.shares", "2048"));
        FileOriginalValues reopened = new FileOriginalValues(state);
        assertThat(reopened.all()).singleElement().extracting(Original::value).isEqualTo("1024");
        reopened.forget(reopened.all().get(0));
        assertThat(new FileOriginalValues(state).all()).isEmpty();
        assertThat(state.resolve("originals.json.tmp")).doesNotExist();
    }

    @Test
    void aCorruptStateFileIsRefusedNotSilentlyForgotten() throws Exception {
        Files.writeString(state.resolve("originals.json"), "{\"originals\":[{\"router\":");
        assertThatThrownBy(() -> new FileOriginalValues(state)).hasMessageContaining("is corrupt");
    }

    @Test
    void ledgerForgetsCommandsLongAfterTheyExpired() {
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        FileCommandLedger ledger = new FileCommandLedger(state, Clock.fixed(t0, ZoneOffset.UTC));
        ledger.begin("old", t0.minus(Duration.ofDays(2)), "p@1");
        ledger.begin("new", t0.plus(Duration.ofMinutes(1)), "p@2");
        FileCommandLedger reopened = new FileCommandLedger(state, Clock.fixed(t0, ZoneOffset.UTC));
        assertThat(reopened.find("old")).isEmpty();
        assertThat(reopened.find("new")).get().extracting(e -> e.origin()).isEqualTo("p@2");
    }

    @Test
    void stopSurvivesAReopenAndTheFlagFileStopsToo() throws Exception {
        Path flag = state.resolve("stop.flag");
        new FileStopState(state, flag).stoppedByCommand(true);
        FileStopState reopened = new FileStopState(state, flag);
        assertThat(reopened.stopped()).isTrue();
        reopened.stoppedByCommand(false);
        assertThat(reopened.stopped()).isFalse();
        Files.createFile(flag);
        assertThat(reopened.stopped()).isTrue();
    }
}
