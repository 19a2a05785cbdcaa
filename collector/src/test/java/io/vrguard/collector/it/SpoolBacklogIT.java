package io.vrguard.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.collector.kafka.SampleProducer;
import io.vrguard.collector.kafka.SpoolSender;
import io.vrguard.collector.spool.SampleSpool;
import io.vrguard.protocol.Topics;
import io.vrguard.testkit.KafkaBrokerProcess;
import io.vrguard.testkit.TopicContents;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog of large samples (50 KB each, a 64-VR host) waits in the spool while Kafka (a real broker process) is
 * stopped. The sender must not re-read it from disk while Kafka cannot take it: with 64 VRs at 10 Hz and the agent's
 * 24 MB heap, re-reading 200 samples every second of an outage ran the heap full and killed the sender with
 * OutOfMemoryError within a minute. Once the broker is up, the backlog arrives complete and in order.
 */
class SpoolBacklogIT {
    private static final int SAMPLES = 300;
    private static final int SAMPLE_BYTES = 50_000;

    @TempDir
    Path dir;

    @Test
    void aBacklogIsNotReadWhileKafkaIsAwayAndArrivesInOrderOnceItIsBack() throws Exception {
        SampleSpool spool = new SampleSpool(dir.resolve("spool"), 10_000);
        for (long seq = 0; seq < SAMPLES; seq++) {
            spool.append(seq, sample(seq));
        }
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(dir.resolve("kafka"))) {
            broker.start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(Topics.SAMPLES, 1, (short) 1))).all().get();
            }
            broker.stop();
            SpoolSender sender = new SpoolSender(spool, SampleProducer.create(
                    Map.of("bootstrap.servers", broker.bootstrapServers()), "vrgc-backlog", Duration.ofSeconds(5)),
                    Topics.SAMPLES, "vrgc-backlog", new SimpleMeterRegistry());
            try {
                sender.start();
                Thread.sleep(1000);
                long before = allocatedBySender();
                Thread.sleep(6000);
                long allocated = allocatedBySender() - before;
                System.out.printf("sender allocated %.2f MB in 6 s with Kafka away, backlog %d samples of %d bytes%n",
                        allocated / 1e6, spool.depth(), SAMPLE_BYTES);
                // one batch of 200 read from disk is 10 MB; retrying metadata costs well under 1 MB
                assertThat(allocated).as("bytes the sender allocated while Kafka was away").isLessThan(3_000_000);
                assertThat(sender.alive()).isTrue();

                broker.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (spool.depth() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(spool.depth()).as("samples still spooled").isZero();
            } finally {
                sender.close();
            }
            List<Long> received = TopicContents.read(broker.bootstrapServers(), Topics.SAMPLES,
                    new StringDeserializer()).stream().map(SpoolBacklogIT::seqOf).toList();
            assertThat(received).containsExactlyElementsOf(LongStream.range(0, SAMPLES).boxed().toList());
        }
    }

    /** {"seq":N,"pad":"xxx…"} of SAMPLE_BYTES bytes. */
    private static byte[] sample(long seq) {
        String head = "{\"seq\":" + seq + ",\"pad\":\"";
        char[] pad = new char[SAMPLE_BYTES - head.length() - 2];
        Arrays.fill(pad, 'x');
        return (head + new String(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static long seqOf(String json) {
        return Long.parseLong(json.substring("{\"seq\":".length(), json.indexOf(',')));
    }

    private static long allocatedBySender() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Thread sender = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("collector-sender")).findFirst().orElseThrow();
        return threads.getThreadAllocatedBytes(sender.getId());
    }
}
