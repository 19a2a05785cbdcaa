package io.vrguard.lab.testbed;

import io.vrguard.lab.core.LabNames;

/**
 * The network of one VR, built with iproute2. Every object is created directly inside a prefixed namespace, so
 * nothing is ever added to the host namespace:
 * <pre>
 *  vrgl-NAME-src            vrgl-NAME (the VR)                                  vrgl-NAME-snk
 *  vrglIsrc ==veth== vrglIin -> [KVM: policy route -> tun vrglIta -> relay -> tun vrglItb] -> vrglIout ==veth== vrglIsnk
 *  10.77.I.2         10.77.I.1    [LXC: ip_forward, RPS of vrglIin on the VRs' CPU]         10.78.I.1        10.78.I.2
 * </pre>
 */
final class Plumbing {
    private Plumbing() {
    }

    /** Namespaces, veth pairs, addresses and sysctls common to both kinds. */
    static void build(LabNames n) {
        for (String ns : new String[] {n.routerNetns(), n.sourceNetns(), n.sinkNetns()}) {
            Sh.run("ip", "netns", "add", ns);
            // no IPv6 chatter (router solicitations, MLD) through the VR; strict rp_filter would drop what
            // leaves the tun toward the sink, as its source is only reachable through the other side
            Sh.sysctlIn(ns, "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1",
                    "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0");
            Sh.ipIn(ns, "link", "set", "lo", "up");
        }
        Sh.sysctlIn(n.routerNetns(), "net.ipv4.ip_forward=1");
        Sh.run("ip", "link", "add", n.sourceIf(), "netns", n.sourceNetns(), "type", "veth", "peer", "name",
                n.ingress(), "netns", n.routerNetns());
        Sh.run("ip", "link", "add", n.sinkIf(), "netns", n.sinkNetns(), "type", "veth", "peer", "name",
                n.egress(), "netns", n.routerNetns());
        address(n.sourceNetns(), n.sourceIf(), n.sourceAddress());
        address(n.routerNetns(), n.ingress(), n.ingressAddress());
        address(n.routerNetns(), n.egress(), n.egressAddress());
        address(n.sinkNetns(), n.sinkIf(), n.sinkAddress());
        Sh.ipIn(n.sourceNetns(), "route", "add", "default", "via", n.ingressAddress());
        Sh.ipIn(n.sinkNetns(), "route", "add", "default", "via", n.egressAddress());
    }

    /**
     * After the relay has opened its tuns: traffic arriving from the source is routed into tun A (policy rule on
     * the ingress veth), and what the relay writes to tun B is routed by the main table to the sink. So every packet
     * crosses the relay, and the tun A queue toward the relay is the bottleneck that drops.
     */
    static void routeThroughTuns(LabNames n) {
        Sh.ipIn(n.routerNetns(), "link", "set", n.tapIn(), "up");
        Sh.ipIn(n.routerNetns(), "link", "set", n.tapOut(), "up");
        String table = String.valueOf(n.routeTable());
        Sh.ipIn(n.routerNetns(), "route", "add", n.sinkSubnet(), "dev", n.tapIn(), "table", table);
        Sh.ipIn(n.routerNetns(), "rule", "add", "iif", n.ingress(), "lookup", table, "pref", "100");
    }

    /**
     * LXC-style: the kernel forwards. Without RPS the forwarding would run in the source's own sendmsg context on
     * the traffic CPU; an RPS mask on the ingress veth queues it to the VRs' CPU's backlog instead, so it runs in
     * NET_RX softirq there, as a NIC's IRQ affinity would place a real container's traffic.
     */
    static void steerLxc(LabNames n, CpuLayout cpus) {
        Sh.run("ip", "netns", "exec", n.routerNetns(), "sh", "-c", "echo " + cpus.routerMask()
                + " > /sys/class/net/" + n.ingress() + "/queues/rx-0/rps_cpus");
    }

    private static void address(String ns, String dev, String ip) {
        Sh.ipIn(ns, "addr", "add", ip + "/30", "dev", dev);
        Sh.ipIn(ns, "link", "set", dev, "up");
    }
}
