package io.vrguard.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on a free loopback port in front of a loopback service (the broker, influxd), to break the
 * connection between a client and that service the ways networks do, which stopping the service cannot:
 * {@link #stall()} (bytes stop flowing, connections stay open: a blackhole), {@link #reset()} (every connection
 * gets a TCP RST), {@link #cut()} (connections closed and new ones refused until {@link #restore()}).
 * Loopback only.
 */
public final class TcpRelay implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong relayedBytes = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean stalled;
    private volatile boolean refusing;
    private volatile boolean running = true;

    public TcpRelay(int targetPort) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::accept, "tcp-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT} of the relay, for a client's bootstrap servers or URL. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Bytes stop flowing both ways; connections (old and new) stay open and silent. */
    public void stall() {
        stalled = true;
    }

    /** Every open connection is aborted with a TCP RST; new connections are relayed. */
    public void reset() {
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // already gone
            }
            closeQuietly(s);
        }
        open.clear();
    }

    /** Open connections are closed and new ones are closed at once, until {@link #restore()}. */
    public void cut() {
        refusing = true;
        open.forEach(TcpRelay::closeQuietly);
        open.clear();
    }

    /** Relays normally again. */
    public void restore() {
        refusing = false;
        stalled = false;
    }

    public long connectionsAccepted() {
        return accepted.get();
    }

    public long bytesRelayed() {
        return relayedBytes.get();
    }

    private void accept() {
        while (running) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                if (refusing) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (running) {
                    while (stalled && running && !from.isClosed()) {
                        Thread.sleep(20);
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    while (stalled && running && !to.isClosed()) {
                        Thread.sleep(20); // bytes read before the stall are held, not delivered
                    }
                    out.write(buffer, 0, n);
                    relayedBytes.addAndGet(n);
                }
            } catch (IOException e) {
                // the other side closed or was reset
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(TcpRelay::closeQuietly);
        open.clear();
    }
}
