package io.vrguard.lab.core;

import io.vrguard.lab.scenario.RouterSpec;
import io.vrguard.protocol.VrKind;
import java.util.List;

/**
 * What the lab writes so that vrguard's discovery finds its VRs either way: a libvirt-like status file per KVM-style
 * VR ({@code <run-root>/libvirt/qemu/NAME.xml}, linux-interfaces.md §6.3) and an inventory YAML (format of
 * discovery's InventoryFile). The lab's tuns live in the VR's own namespace (so the lab changes no routing in the
 * host namespace): the inventory says so with a per-interface {@code netns}; a real libvirt host has them in the
 * host namespace, which {@code /proc/<pid>/net/dev} of the domstatus pid reads in both cases.
 */
public final class RuntimeDocuments {
    private RuntimeDocuments() {
    }

    /** A running relay, as libvirt's status XML would describe its domain. */
    public record KvmDomain(RouterSpec spec, long pid) {
    }

    public static String domstatus(KvmDomain d) {
        LabNames n = LabNames.of(d.spec());
        return """
                <!-- written by the vrguard lab: a KVM-style VR whose "QEMU" is vrgl-relay (pid %2$d) -->
                <domstatus state='running' reason='booted' pid='%2$d'>
                  <vcpus>
                    <vcpu id='0' pid='%2$d'/>
                  </vcpus>
                  <domain type='kvm' id='%3$d'>
                    <name>%1$s</name>
                    <metadata>
                      <vrgl:lab xmlns:vrgl='urn:vrguard:lab' netns='%4$s'/>
                    </metadata>
                    <devices>
                      <interface type='ethernet'>
                        <target dev='%5$s'/>
                      </interface>
                      <interface type='ethernet'>
                        <target dev='%6$s'/>
                      </interface>
                    </devices>
                  </domain>
                </domstatus>
                """.formatted(d.spec().name(), d.pid(), d.spec().index(), n.routerNetns(), n.tapIn(), n.tapOut());
    }

    public static String inventory(List<RouterSpec> routers) {
        StringBuilder y = new StringBuilder("# written by the vrguard lab; removed by 'lab clean'\nrouters:\n");
        for (RouterSpec r : routers) {
            LabNames n = LabNames.of(r);
            y.append("  - name: ").append(r.name()).append('\n');
            y.append("    kind: ").append(r.kind().wireName()).append('\n');
            y.append("    netns: ").append(n.routerNetns()).append('\n');
            if (r.kind() == VrKind.KVM) {
                y.append("    cgroup: '").append(n.scopeCgroup()).append("'\n");
                y.append("    interfaces:\n");
                y.append("      - {name: ").append(n.tapIn()).append(", side: host, netns: ").append(n.routerNetns())
                        .append("}\n");
                y.append("      - {name: ").append(n.tapOut()).append(", side: host, netns: ")
                        .append(n.routerNetns()).append("}\n");
            } else {
                y.append("    cgroup: '").append(n.lxcCgroup()).append("'\n");
                y.append("    interfaces: [").append(n.ingress()).append(", ").append(n.egress()).append("]\n");
            }
        }
        return y.toString();
    }
}
