package io.vrguard.systemtests;

import io.vrguard.testkit.KernelObjects;
import io.vrguard.testkit.UdpPacer;
import io.vrguard.testkit.UdpSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A virtual router made of kernel objects: namespace {@code P-vr} forwarding (ip_forward) between veth
 * {@code P-v0} (from source namespace {@code P-src}) and {@code P-v1} (to sink namespace {@code P-snk}),
 * with a paced UDP source and a sink. Traffic never leaves these namespaces.
 */
public final class ForwardingVr implements AutoCloseable {
    private static final String SINK_ADDRESS = "10.213.2.2";
    private static final int PORT = 9000;

    private final KernelObjects kernel;
    private final Path workDir;
    private final String vrNetns;
    private final String sourceNetns;

    public ForwardingVr(String prefix, Path workDir) {
        this.kernel = new KernelObjects(prefix);
        this.workDir = workDir;
        String src = kernel.netns("src");
        vrNetns = kernel.netns("vr");
        String snk = kernel.netns("snk");
        kernel.veth(prefix + "-s0", src, "10.213.1.1/24", prefix + "-v0", vrNetns, "10.213.1.2/24");
        kernel.veth(prefix + "-v1", vrNetns, "10.213.2.1/24", prefix + "-k0", snk, SINK_ADDRESS + "/24");
        kernel.exec(src, "ip", "route", "add", "10.213.2.0/24", "via", "10.213.1.2");
        kernel.exec(snk, "ip", "route", "add", "10.213.1.0/24", "via", "10.213.2.1");
        kernel.exec(vrNetns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        // The VR's own process, as a container's init is: the collector reads the namespace through it.
        kernel.spawn(vrNetns, workDir.resolve("anchor.log"), "bash", "-c", "exec -a " + prefix + "-anchor sleep 86400");
        kernel.spawn(snk, workDir.resolve("sink.log"), javaCommand(UdpSink.class, String.valueOf(PORT)));
        this.sourceNetns = src;
    }

    public String netns() {
        return vrNetns;
    }

    public String ingress() {
        return kernel.prefix() + "-v0";
    }

    public String egress() {
        return kernel.prefix() + "-v1";
    }

    /** The inventory entry the collector needs for this VR. */
    public Path writeInventory(String vrName) {
        Path file = workDir.resolve("inventory.yaml");
        try {
            Files.writeString(file, """
                    routers:
                      - name: %s
                        kind: lxc
                        netns: %s
                        interfaces: [%s, %s]
                    """.formatted(vrName, vrNetns, ingress(), egress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Sends {@code pps} packets/s for {@code seconds} from the source namespace; returns the running source. */
    public Process startTraffic(double pps, double seconds, Path countFile) {
        return kernel.spawn(sourceNetns, workDir.resolve("pacer.log"), javaCommand(UdpPacer.class, SINK_ADDRESS,
                String.valueOf(PORT), String.valueOf(pps), String.valueOf(seconds), countFile.toString()));
    }

    private static String[] javaCommand(Class<?> main, String... args) {
        String[] head = {Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()};
        String[] all = new String[head.length + args.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(args, 0, all, head.length, args.length);
        return all;
    }

    @Override
    public void close() {
        kernel.close();
    }
}
