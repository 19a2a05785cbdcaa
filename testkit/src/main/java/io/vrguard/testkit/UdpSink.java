package io.vrguard.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Receives and discards UDP so no ICMP port-unreachable flows back. Usage: {@code UdpSink PORT}. */
public final class UdpSink {
    private UdpSink() {
    }

    public static void main(String[] args) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(Integer.parseInt(args[0])));
            while (true) {
                buffer.clear();
                channel.receive(buffer);
            }
        }
    }
}
