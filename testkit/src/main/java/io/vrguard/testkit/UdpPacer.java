package io.vrguard.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A paced UDP source with its own count as ground truth. Deadline pacing: at any moment it has sent
 * floor(rate × elapsed) packets, so any window of a second or more carries the configured rate.
 * Usage: {@code UdpPacer HOST PORT PPS SECONDS COUNT_FILE}; writes "sent SECONDS_RUN" to COUNT_FILE at the end.
 */
public final class UdpPacer {
    private UdpPacer() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        double pps = Double.parseDouble(args[2]);
        long durationNanos = (long) (Double.parseDouble(args[3]) * 1e9);
        Path countFile = Path.of(args[4]);
        ByteBuffer payload = ByteBuffer.allocateDirect(64);
        long sent = 0;
        long start = System.nanoTime();
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(target);
            long elapsed;
            while ((elapsed = System.nanoTime() - start) < durationNanos) {
                long due = (long) (pps * elapsed / 1e9);
                while (sent < due) {
                    payload.clear();
                    payload.putLong(0, sent);
                    channel.write(payload);
                    sent++;
                }
                LockSupport.parkNanos(200_000);
            }
        }
        Files.writeString(countFile, sent + " " + (System.nanoTime() - start) / 1e9 + "\n");
    }
}
