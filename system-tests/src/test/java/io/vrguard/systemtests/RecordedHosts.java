package io.vrguard.systemtests;

import io.vrguard.protocol.HostSample;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Many hosts replaying recorded host samples (the measured rows, see resources/recorded/) through the real
 * broker, each with its own host id, continuous sequence numbers and wall-clock timestamps, one sample per host
 * every {@code intervalMs}, until closed. {@link #heal()} switches every host from the starved row to the row
 * measured with shares.
 */
final class RecordedHosts implements AutoCloseable {
    private final HostSample starved = load("/recorded/starved-row4.json");
    private final HostSample healed = load("/recorded/with-shares-row4.json");
    private final List<String> hosts;
    private final long[] seq;
    private final int intervalMs;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean healthy;
    private volatile boolean running = true;
    private volatile long sent;

    RecordedHosts(String bootstrapServers, List<String> hosts, int intervalMs) {
        this.hosts = List.copyOf(hosts);
        this.seq = new long[hosts.size()];
        this.intervalMs = intervalMs;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "recorded-hosts");
        thread.setDaemon(true);
        thread.start();
    }

    static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(String.format("%s-h%02d", prefix, i));
        }
        return names;
    }

    void heal() {
        healthy = true;
    }

    long sent() {
        return sent;
    }

    /** The last sequence number sent for {@code host} (its samples are numbered from 1). */
    synchronized long lastSeq(String host) {
        return seq[hosts.indexOf(host)];
    }

    /** Stops sending and waits until every sample sent is acknowledged by the broker. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            HostSample template = healthy ? healed : starved;
            for (int i = 0; i < hosts.size(); i++) {
                long number;
                synchronized (this) {
                    number = ++seq[i];
                }
                HostSample s = new HostSample(template.schema(), hosts.get(i), number, now, intervalMs,
                        intervalMs, template.cpus(), template.routers(), template.problems());
                producer.send(new ProducerRecord<>(Topics.SAMPLES, s.host(), WireJson.encode(s)));
                sent++;
            }
            next += TimeUnit.MILLISECONDS.toNanos(intervalMs);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static HostSample load(String resource) {
        try (InputStream in = RecordedHosts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing");
            }
            return WireJson.decode(in.readAllBytes(), HostSample.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        producer.close();
    }
}
