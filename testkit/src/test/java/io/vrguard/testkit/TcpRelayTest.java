package io.vrguard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay in front of a loopback echo server: relays, stalls, resets and cuts for real. */
class TcpRelayTest {
    private ServerSocket echo;
    private TcpRelay relay;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // client gone
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        relay = new TcpRelay(echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        relay.close();
        echo.close();
    }

    private Socket client() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port());
        s.setSoTimeout(1_000);
        return s;
    }

    private static int roundTrip(Socket s, int b) throws IOException {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        return s.getInputStream().read();
    }

    @Test
    void relaysThenStallsWithoutClosingThenDeliversWhatWasHeld() throws IOException {
        try (Socket s = client()) {
            assertThat(roundTrip(s, 'a')).isEqualTo('a');
            relay.stall();
            assertThatThrownBy(() -> roundTrip(s, 'b')).isInstanceOf(SocketTimeoutException.class);
            relay.restore();
            assertThat(s.getInputStream().read()).isEqualTo('b');
            assertThat(relay.bytesRelayed()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void resetAbortsOpenConnectionsAndAcceptsNewOnes() throws IOException {
        try (Socket s = client()) {
            assertThat(roundTrip(s, 'a')).isEqualTo('a');
            relay.reset();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10; i++) {
                    roundTrip(s, 'b');
                }
            }).isInstanceOf(SocketException.class);
        }
        try (Socket s = client()) {
            assertThat(roundTrip(s, 'c')).isEqualTo('c');
        }
    }

    @Test
    void cutClosesAndRefusesUntilRestored() throws IOException {
        try (Socket s = client()) {
            assertThat(roundTrip(s, 'a')).isEqualTo('a');
            relay.cut();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = client()) {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        relay.restore();
        try (Socket s = client()) {
            assertThat(roundTrip(s, 'd')).isEqualTo('d');
        }
        assertThat(relay.connectionsAccepted()).isEqualTo(3);
    }
}
