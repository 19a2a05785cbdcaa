package io.vrguard.lab.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicsTableTest {
    @Test
    void rendersOneRowPerVrAndStepWithShareOfGuarantee() {
        String table = PhysicsTable.render(List.of(
                new StepFigures("equal-shares", "vr2-70", "vr1", 29, 1024, 29, 22.3, 22.2, 6.7, 50),
                new StepFigures("vr1-x2", "vr2-70", "vr1", 29, 2048, 28.9, 28.4, 28.8, Double.NaN, 65)));

        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().toList().get(1)).contains("equal-shares", "vr2-70", "1024", "22.3", "22.2", "77%");
        assertThat(table.lines().toList().get(2)).contains("2048", "99%").contains(" - ");
    }

    @Test
    void favourDoublesOnlyTheNamedVr() {
        ShareVariant v = ShareVariant.favour("vr1", 2);

        assertThat(v.sharesOf("vr1")).isEqualTo(2048);
        assertThat(v.sharesOf("vr2")).isEqualTo(1024);
        assertThat(ShareVariant.equal().sharesOf("vr1")).isEqualTo(1024);
    }
}
