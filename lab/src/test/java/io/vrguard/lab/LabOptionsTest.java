package io.vrguard.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabOptionsTest {
    @Test
    void takesBothOptionForms() {
        LabOptions o = LabOptions.parse(new String[] {"scenario-2.yaml", "--mode", "enforced",
            "--bootstrap-servers=127.0.0.1:9092", "--out", "target/r"});

        assertThat(o.positional()).containsExactly("scenario-2.yaml");
        assertThat(o.get("mode", null)).isEqualTo("enforced");
        assertThat(o.get("bootstrap-servers", null)).isEqualTo("127.0.0.1:9092");
        assertThat(o.get("out", null)).isEqualTo("target/r");
    }

    @Test
    void refusesUnknownOptions() {
        assertThatThrownBy(() -> LabOptions.parse(new String[] {"--bootstrap=x"}))
                .hasMessageContaining("unknown option: --bootstrap=x");
        assertThatThrownBy(() -> LabOptions.parse(new String[] {"--mode"}))
                .hasMessageContaining("missing value");
    }
}
