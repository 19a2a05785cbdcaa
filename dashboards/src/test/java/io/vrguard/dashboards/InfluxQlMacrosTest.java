package io.vrguard.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vrguard.dashboards.InfluxQlMacros.Selection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfluxQlMacrosTest {
    private static final Instant FROM = Instant.ofEpochMilli(1_000);
    private static final Instant TO = Instant.ofEpochMilli(61_000);

    @Test
    void expandsTimeFilterIntervalAndVariablesAsGrafanaDoes() {
        String q = InfluxQlMacros.expand("SELECT mean(\"x\") FROM \"vr\" WHERE $timeFilter AND \"host\" =~ /^$host$/"
                        + " AND \"vr\" =~ /^${vr}$/ GROUP BY time($__interval)", FROM, TO, Duration.ofSeconds(2),
                Map.of("host", Selection.single("h-1"), "vr", Selection.all(List.of("vr1", "a.b"))));
        assertThat(q).isEqualTo("SELECT mean(\"x\") FROM \"vr\" WHERE time >= 1000ms and time <= 61000ms"
                + " AND \"host\" =~ /^h-1$/ AND \"vr\" =~ /^(vr1|a\\.b)$/ GROUP BY time(2s)");
    }

    @Test
    void theRangesEndsAreEpochMillisecondsSoInfluxQlCanReachBeforeTheRange() {
        assertThat(InfluxQlMacros.expand("SELECT last(\"x\") FROM \"vr_cpu\" WHERE time >= ${__from}ms - 5m"
                + " AND time <= ${__to}ms", FROM, TO, Duration.ofSeconds(2), Map.of()))
                .isEqualTo("SELECT last(\"x\") FROM \"vr_cpu\" WHERE time >= 1000ms - 5m AND time <= 61000ms");
    }

    @Test
    void aVariableThatIsNotSelectedIsAnError() {
        assertThatThrownBy(() -> InfluxQlMacros.expand("SELECT x FROM y WHERE \"cpu\" =~ /^$cpu$/", FROM, TO,
                Duration.ofSeconds(1), Map.of())).hasMessageContaining("$cpu");
    }

    @Test
    void intervalsAreWrittenLikeGrafana() {
        assertThat(InfluxQlMacros.grafanaDuration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(InfluxQlMacros.grafanaDuration(Duration.ofSeconds(20))).isEqualTo("20s");
        assertThat(InfluxQlMacros.grafanaDuration(Duration.ofMinutes(5))).isEqualTo("5m");
    }
}
