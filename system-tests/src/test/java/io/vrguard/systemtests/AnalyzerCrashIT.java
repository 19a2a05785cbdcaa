package io.vrguard.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vrguard.protocol.Topics;
import io.vrguard.protocol.ViolationEvent;
import io.vrguard.protocol.ViolationType;
import io.vrguard.protocol.WireJson;
import io.vrguard.testkit.FreePorts;
import io.vrguard.testkit.InfluxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Two analyzer jars in one consumer group under load from recorded starvation samples of 12 hosts; one is
 * SIGKILLed while every host has an open isolation violation. The survivor takes its partitions over and goes
 * on detecting: each violation keeps its id (confirmed by the new owner with an update), none is opened anew,
 * and each is resolved exactly once when the hosts heal.
 */
class AnalyzerCrashIT {
    private static final int HOSTS = 12;

    @TempDir
    Path dir;

    @Test
    void theSurvivorContinuesTheDeadInstancesOpenViolationsUnderTheirIds() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6, Topics.SAMPLES);
        broker.afterPropertiesSet();
        Path policies = Files.writeString(dir.resolve("policies.yaml"), """
                policies:
                  - scope: fleet
                    tolerance: 0.02
                    mode: advise
                  - scope: vr:*/vr1
                    guaranteeKpps: 800
                    priority: 1
                  - scope: vr:*/vr2
                    guaranteeKpps: 400
                    priority: 2
                """);
        List<String> hosts = RecordedHosts.names("vrgf", HOSTS);
        int httpA = FreePorts.next();
        int managementA = FreePorts.next();
        int managementB = FreePorts.next();
        List<String> settings = List.of("--vrguard.analyzer.policy-file=" + policies);
        try (InfluxServer influx = InfluxServer.start();
             ServiceJar a = AnalyzerJar.start("analyzer-a", dir, broker.getBrokersAsString(), influx.url(), httpA,
                     managementA, settings);
             ServiceJar b = AnalyzerJar.start("analyzer-b", dir, broker.getBrokersAsString(), influx.url(), 0,
                     managementB, settings)) {
            Prometheus metricsA = new Prometheus(managementA);
            Prometheus metricsB = new Prometheus(managementB);
            try {
                // generous: two Spring Boot JVMs starting at once on a loaded 2-core machine
                await("both instances up").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().failFast("an analyzer exited", () -> !a.isAlive() || !b.isAlive())
                        .until(() -> metricsA.sumOrMissing("analyzer_hosts_owned") >= 0
                                && metricsB.sumOrMissing("analyzer_hosts_owned") >= 0);
            } catch (RuntimeException e) {
                throw new AssertionError("analyzers not up; analyzer-a:\n" + a.logTail(30) + "\nanalyzer-b:\n"
                        + b.logTail(30), e);
            }
            try (ViolationLog log = new ViolationLog(broker.getBrokersAsString());
                 RecordedHosts load = new RecordedHosts(broker.getBrokersAsString(), hosts, 500)) {
                await("an isolation violation open on every host, hosts split between the instances")
                        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .failFast("an analyzer exited", () -> !a.isAlive() || !b.isAlive())
                        .until(() -> opened(log).size() == HOSTS && metricsA.sum("analyzer_hosts_owned") > 0
                                && metricsB.sum("analyzer_hosts_owned") > 0);
                Set<String> hostsOfA = openHosts(httpA);
                Map<String, String> idBefore = opened(log).stream()
                        .collect(Collectors.toMap(ViolationEvent::host, ViolationEvent::id));

                a.kill();
                Instant killedAt = Instant.now();
                System.out.printf("analyzer-a SIGKILLed owning %d hosts with open violations: %s%n",
                        hostsOfA.size(), new TreeSet<>(hostsOfA));
                assertThat(hostsOfA).isNotEmpty();

                await("analyzer-b continues every violation of analyzer-a's hosts").atMost(Duration.ofSeconds(150))
                        .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().failFast("analyzer-b exited", () -> !b.isAlive())
                        .until(() -> hostsOfA.stream().allMatch(h -> log.all().stream().anyMatch(s ->
                                s.at().isAfter(killedAt) && s.event().host().equals(h)
                                        && s.event().event().equals(ViolationEvent.UPDATED))));
                Instant tookOverAt = Instant.now();
                load.heal();
                await("every violation resolved").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> isolation(log, ViolationEvent.RESOLVED).size() >= HOSTS);
                Thread.sleep(3_000); // anything more would be a duplicate

                List<ViolationEvent> all = log.events(e -> hosts.contains(e.host()));
                long openedAfterKill = log.all().stream().filter(s -> s.at().isAfter(killedAt)
                        && s.event().event().equals(ViolationEvent.OPENED)).count();
                System.out.printf("violation events: %d opened before the kill, %d opened after it, %d updated, "
                        + "%d resolved, %d distinct ids; taken over by analyzer-b: %.0f (takeover took %d s); "
                        + "samples sent %d%n", isolation(log, ViolationEvent.OPENED).size(), openedAfterKill,
                        isolation(log, ViolationEvent.UPDATED).size(), isolation(log, ViolationEvent.RESOLVED).size(),
                        all.stream().map(ViolationEvent::id).distinct().count(),
                        metricsB.sum("analyzer_violations_taken_over_total"),
                        Duration.between(killedAt, tookOverAt).toSeconds(), load.sent());
                for (String host : hosts) {
                    List<ViolationEvent> events = log.events(e -> e.host().equals(host));
                    // described with each event's kind and type: a stray id's type says which rule raised it
                    String described = host + " " + events.stream().map(e -> e.id().substring(0, 6) + " " + e.event()
                            + " " + e.type().wireName()).toList();
                    assertThat(events).as(described).extracting(ViolationEvent::id).containsOnly(idBefore.get(host));
                    assertThat(events).as(host).extracting(ViolationEvent::event).containsOnlyOnce("opened")
                            .containsOnlyOnce("resolved").last().isEqualTo("resolved");
                }
                assertThat(openedAfterKill).isZero();
                assertThat(metricsB.sum("analyzer_violations_taken_over_total")).isGreaterThanOrEqualTo(hostsOfA.size());
                // last: once the load stops, the hosts go stale (and open stale violations)
                load.stop();
                long[] ledger = ledger(influx, hosts, load);
                System.out.printf("samples: sent %d, stored %d, missing %d, duplicated %d (InfluxDB host_health "
                        + "points, every host's 1..last seq); analysed by analyzer-b %.0f%n", ledger[0], ledger[1],
                        ledger[2], ledger[3], metricsB.sum("analyzer_samples_analysed_total"));
                assertThat(ledger[2]).as("samples lost across the crash").isZero();
                assertThat(ledger[3]).as("points doubled").isZero();
            }
        } finally {
            broker.destroy();
        }
    }

    /**
     * {sent, stored, missing, duplicated} over every host's samples 1..last: what reached InfluxDB, waiting up to
     * 60 s for the survivor to store the last ones.
     */
    private static long[] ledger(InfluxServer influx, List<String> hosts, RecordedHosts load) {
        try (StoredHealth stored = new StoredHealth(influx.url(), AnalyzerJar.DATABASE)) {
            long sent = hosts.stream().mapToLong(load::lastSeq).sum();
            java.util.function.Supplier<long[]> count = () -> {
                long present = 0;
                long points = 0;
                for (String h : hosts) {
                    List<Long> seqs = stored.seqs(h);
                    points += seqs.size();
                    long last = load.lastSeq(h);
                    present += new java.util.TreeSet<>(seqs).subSet(1L, last + 1).size();
                }
                return new long[] {sent, points, sent - present, points - present};
            };
            try {
                await("every sample stored").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> count.get()[2] == 0);
            } catch (RuntimeException e) {
                // reported by the caller's assertion with the counts
            }
            return count.get();
        }
    }

    private static List<ViolationEvent> opened(ViolationLog log) {
        return isolation(log, ViolationEvent.OPENED);
    }

    private static List<ViolationEvent> isolation(ViolationLog log, String event) {
        return log.events(e -> e.type() == ViolationType.ISOLATION_VIOLATION && e.event().equals(event));
    }

    /** Hosts with a violation open on one instance, from its REST API. */
    @SuppressWarnings("unchecked")
    private static Set<String> openHosts(int httpPort) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/violations")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        List<Map<String, Object>> open = WireJson.mapper().readValue(body, List.class);
        return open.stream().map(v -> (String) v.get("host")).collect(Collectors.toSet());
    }
}
