package io.vrguard.lab.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vrguard.discovery.SafePaths;
import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.protocol.VrKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabNamesTest {
    @Test
    void everyNameIsPrefixedAndInterfacesFitIn15Characters() {
        LabNames n = LabNames.of(new RouterSpec(9, "abcdefghij", VrKind.KVM, 1, 1024));
        List<String> interfaces = List.of(n.sourceIf(), n.ingress(), n.egress(), n.sinkIf(), n.tapIn(), n.tapOut());

        assertThat(interfaces).allSatisfy(i -> {
            assertThat(i).startsWith("vrgl").hasSizeLessThanOrEqualTo(15);
            assertThat(SafePaths.interfaceName(i)).isEqualTo(i);
        });
        assertThat(List.of(n.routerNetns(), n.sourceNetns(), n.sinkNetns())).allSatisfy(ns ->
                assertThat(ns).startsWith("vrgl-"));
        assertThat(interfaces).doesNotHaveDuplicates();
    }

    @Test
    void scopeIsEscapedAsLibvirtEscapesItUnderTheLabBase() {
        LabNames n = new LabNames(1, "vr1");

        assertThat(n.scopeCgroup()).isEqualTo("vrglab/machine.slice/machine-qemu\\x2d1\\x2dvr1.scope");
        assertThat(SafePaths.relativeCgroupPath(n.scopeCgroup()).getNameCount()).isEqualTo(3);
        assertThat(n.sinkSubnet()).isEqualTo("10.78.1.0/30");
    }
}
