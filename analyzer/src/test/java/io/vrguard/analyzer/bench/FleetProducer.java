package io.vrguard.analyzer.bench;

import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a {@link SyntheticFleet}'s samples to {@code vrguard.samples} with key = host id, JSON by
 * {@link WireJson} as the collector sends it, and with the collector's producer settings (acks=all, idempotence,
 * the default 16 KiB batches: a ~25 KB host sample travels alone in its record batch, as from 2,000 collectors).
 */
public final class FleetProducer implements AutoCloseable {
    // several producers, as a fleet has one per host: one producer's five in-flight requests of one small batch
    // per partition would cap the rate far below 2,000 hosts' worth
    private final List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
    private static final int PRODUCERS = 8;
    private final SyntheticFleet fleet;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public FleetProducer(String bootstrapServers, SyntheticFleet fleet) {
        this.fleet = fleet;
        for (int i = 0; i < PRODUCERS; i++) {
            producers.add(new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20),
                    new StringSerializer(), new ByteArraySerializer()));
        }
    }

    /** Every host's samples for intervals {@code fromSeq..toSeq}, interval by interval; returns when acknowledged. */
    public void fill(long fromSeq, long toSeq) {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            sendInterval(seq, SyntheticFleet.BASE.plusSeconds(seq));
        }
        flush();
    }

    /**
     * Paced at one interval per second of wall clock for {@code duration}, samples timestamped now (so the
     * analyzer's stale clock sees a live fleet). Returns the last seq sent.
     */
    public long paced(Duration duration) throws InterruptedException {
        long start = System.currentTimeMillis();
        long seq = 0;
        while (System.currentTimeMillis() - start < duration.toMillis()) {
            seq++;
            long due = start + (seq - 1) * 1000;
            long wait = due - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            sendInterval(seq, Instant.ofEpochMilli(due - due % 1000));
        }
        flush();
        return seq;
    }

    /** One interval of every host, encoded in parallel (the generator must not be the bottleneck). */
    public void sendInterval(long seq, Instant timestamp) {
        IntStream.range(0, fleet.hosts()).parallel().forEach(h -> {
            byte[] value = WireJson.encode(fleet.sample(h, seq, timestamp));
            bytes.addAndGet(value.length);
            producers.get(h % PRODUCERS).send(new ProducerRecord<>(Topics.SAMPLES, fleet.host(h), value), (md, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    sent.incrementAndGet();
                }
            });
        });
    }

    public void flush() {
        producers.forEach(KafkaProducer::flush);
        if (failure.get() != null) {
            throw new IllegalStateException("a sample was not acknowledged", failure.get());
        }
    }

    /** Host samples acknowledged by the broker. */
    public long sent() {
        return sent.get();
    }

    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        producers.forEach(p -> p.close(Duration.ofSeconds(30)));
    }
}
