package io.vrguard.analyzer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vrguard.analyzer.kafka.FleetCommands;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.Topics;
import io.vrguard.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** {@code POST /api/fleet/stop} and {@code /resume} through Spring MVC: status, body, what reaches the producer. */
class FleetControllerTest {
    private static final HmacKeyRing RING = HmacKeyRing.of(Map.of("k1",
            "fleet-secret-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8)));
    private static final String TOKEN = "a-token-of-at-least-24-characters";
    private static final int PARTITIONS = 4;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockProducer<String, Object> producer = producer(true);

    private static MockProducer<String, Object> producer(boolean autoComplete) {
        Node node = new Node(0, "localhost", 9092);
        Cluster cluster = new Cluster("c", List.of(node), IntStream.range(0, PARTITIONS).mapToObj(p ->
                new PartitionInfo(Topics.COMMANDS, p, node, new Node[] {node}, new Node[] {node})).toList(),
                Set.of(), Set.of());
        return new io.vrguard.analyzer.kafka.FleetCommandsTest.SharedMockProducer(cluster, autoComplete);
    }

    private MockMvc mvc(MockProducer<String, Object> producer, ApiAuthFilter... filters) {
        FleetCommands fleet = new FleetCommands(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)), RING,
                "k1", Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC), Duration.ofSeconds(30),
                registry);
        return MockMvcBuilders.standaloneSetup(new FleetController(fleet)).setControllerAdvice(new ApiErrors())
                .addFilters(filters).build();
    }

    private EnforcementCommand sentAt(int index) {
        Object value = producer.history().get(index).value();
        return CommandSigning.verify(WireJson.decode(WireJson.encode(value), SignedCommand.class), RING);
    }

    @Test
    void stopAnswers202WithTheCommandIdAndThePartitionsWritten() throws Exception {
        mvc(producer).perform(post("/api/fleet/stop").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"maintenance CHG-1\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.commandId").value(org.hamcrest.Matchers.startsWith("stop-")))
                .andExpect(jsonPath("$.type").value("stop"))
                .andExpect(jsonPath("$.host").value("*"))
                .andExpect(jsonPath("$.reason").value("maintenance CHG-1"))
                .andExpect(jsonPath("$.expiresAt").value("2026-11-21T10:00:30Z"))
                .andExpect(jsonPath("$.partitionsWritten").value(PARTITIONS));
        assertThat(producer.history()).hasSize(PARTITIONS).allSatisfy(r -> assertThat(r.key()).isEqualTo("*"));
        assertThat(sentAt(0).type()).isEqualTo(CommandType.STOP);
        assertThat(registry.counter("analyzer.fleet.commands", "type", "stop", "outcome", "published").count())
                .isEqualTo(1);
    }

    @Test
    void resumeAnswers202() throws Exception {
        mvc(producer).perform(post("/api/fleet/resume").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"maintenance over\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.commandId").value(org.hamcrest.Matchers.startsWith("resume-")))
                .andExpect(jsonPath("$.type").value("resume"));
        assertThat(sentAt(0).type()).isEqualTo(CommandType.RESUME);
        assertThat(sentAt(0).host()).isEqualTo("*");
    }

    @Test
    void withoutAUsableReasonTheAnswerIs400AndNothingIsSent() throws Exception {
        MockMvc mvc = mvc(producer);
        for (String body : new String[] {"{}", "{\"reason\": \"\"}", "{\"reason\": \"  \"}", "{\"reason\": null}",
                "{\"reason\": \"a\\nb\"}"}) {
            mvc.perform(post("/api/fleet/stop").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("\"reason\"")));
        }
        mvc.perform(post("/api/fleet/stop").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("reason")));
        mvc.perform(post("/api/fleet/stop").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("malformed request body")));
        mvc.perform(post("/api/fleet/resume").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("reason=x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("application/json")));
        assertThat(producer.history()).isEmpty();
        assertThat(registry.find("analyzer.fleet.commands").counters()).isEmpty();
    }

    @Test
    void aPartitionTheBrokerDidNotAcknowledgeGives503WithWhatWasWritten() throws Exception {
        MockProducer<String, Object> slow = producer(false);
        Thread broker = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (slow.history().size() < PARTITIONS && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            slow.completeNext();
            slow.completeNext();
            slow.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));
            slow.completeNext();
        });
        broker.setDaemon(true);
        broker.start();
        mvc(slow).perform(post("/api/fleet/stop").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"maintenance\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.commandId").value(org.hamcrest.Matchers.startsWith("stop-")))
                .andExpect(jsonPath("$.partitionsWritten").value(3))
                .andExpect(jsonPath("$.partitionsFailed[0]").value(2))
                .andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.containsString("send it again")));
        broker.join(Duration.ofSeconds(10).toMillis());
    }

    @Test
    void withApiAuthOnTheBearerTokenIsNeeded() throws Exception {
        MockMvc mvc = mvc(producer, new ApiAuthFilter(() -> TOKEN));
        for (String path : List.of("/api/fleet/stop", "/api/fleet/resume")) {
            mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"r\"}"))
                    .andExpect(status().isUnauthorized());
            mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"r\"}")
                            .header("Authorization", "Bearer wrong"))
                    .andExpect(status().isUnauthorized());
        }
        assertThat(producer.history()).as("nothing sent without the token").isEmpty();
        mvc.perform(post("/api/fleet/stop").contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"r\"}")
                        .header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isAccepted());
        assertThat(producer.history()).hasSize(PARTITIONS);
    }
}
