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
 * Usage: {@code UdpPacer HOST PORT PPS SECONDS COUNT_FILE [PROGRESS_FILE]}; writes "sent SECONDS_RUN" to COUNT_FILE
 * at the end. With PROGRESS_FILE it also appends "MONOTONIC_NANOS SENT" about every 50 ms ({@code System.nanoTime} is
 * CLOCK_MONOTONIC, shared by all processes on the host), so a test can take the source's own count over any window.
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
        java.io.Writer progress = args.length > 5 ? Files.newBufferedWriter(Path.of(args[5])) : null;
        long lastProgress = 0;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(target);
            long elapsed;
            while ((elapsed = System.nanoTime() - start) < durationNanos) {
                if (progress != null && elapsed - lastProgress >= 50_000_000L) {
                    progress.write(System.nanoTime() + " " + sent + "\n");
                    progress.flush();
                    lastProgress = elapsed;
                }
                long due = (long) (pps * elapsed / 1e9);
                while (sent < due) {
                    payload.clear();
                    payload.putLong(0, sent);
                    try {
                        channel.write(payload);
                        sent++;
                    } catch (java.net.PortUnreachableException e) {
                        // an ICMP "port unreachable" for an earlier packet (the sink not listening yet, say) is
                        // reported on this send instead of sending it: not sent, not counted, go on
                        break;
                    }
                }
                LockSupport.parkNanos(200_000);
            }
        }
        if (progress != null) {
            progress.write(System.nanoTime() + " " + sent + "\n");
            progress.close();
        }
        Files.writeString(countFile, sent + " " + (System.nanoTime() - start) / 1e9 + "\n");
    }
}
