package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.app.MetricsApplication;
import com.devsecopsmetrics.app.StreamsSettings;
import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.DeploymentStatus;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.FindingCategory;
import com.devsecopsmetrics.events.FindingStatus;
import com.devsecopsmetrics.events.ScanOutcome;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.SecurityGate;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.EventSerdes;
import com.devsecopsmetrics.ingest.Topics;
import com.devsecopsmetrics.outputs.Alert;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The alert topology inside the whole application topology: events go in, the ledger computes its figures, and
 * the alerts come out of devsecops.alerts. Each scenario is laid out day by day, so the day each alert must open
 * and clear is worked out by hand in its comment.
 */
class AlertTopologyTest {
    static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    Map<EventKind, TestInputTopic<String, Object>> inputs = new EnumMap<>(EventKind.class);
    TestOutputTopic<String, Alert> alerts;
    List<SpecificRecord> sent = new ArrayList<>();

    @BeforeEach
    void start() {
        DsmConfig config = DsmConfig.defaults()
                .with(DsmConfig.SCHEMA_REGISTRY_URL, "mock://alerts-" + UUID.randomUUID())
                .with(DsmConfig.STATE_DIR, stateDir.toString())
                .with(DsmConfig.TOPIC_PARTITIONS, "1");
        Properties props = StreamsSettings.streamsProperties(config);
        // The driver's wall clock stands still, so a task idling for an empty input (max.task.idle.ms) would never go on.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerts-test");
        EventSerdes serdes = EventSerdes.from(config);
        driver = new TopologyTestDriver(MetricsApplication.buildTopology(config, serdes, props), props);
        Serde<Object> events = serdes.eventSerde();
        for (EventKind kind : EventKind.values()) {
            inputs.put(kind, driver.createInputTopic(kind.topic(), new StringSerializer(), events.serializer()));
        }
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), serdes.valueSerde(Alert.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aBypassSpikeOpensOneAlertPerScopeAndRecoveryClearsItOnce() throws Exception {
        pipe(service("checkout", "payments", Tier.TIER_2));
        // One passing deployment a day on days 0..50, one bypass on day 10, and one each on days 35, 36 and 37.
        for (int d = 0; d <= 50; d++) {
            pipe(deployment("checkout", "pass-" + d, d, SecurityGate.PASSED));
            if (d == 10 || (d >= 35 && d <= 37)) {
                pipe(deployment("checkout", "bypass-" + d, d, SecurityGate.BYPASSED));
            }
        }
        // End of day 37: the last 7 days (31..37) hold 7 passes and 3 bypasses, rate 3/10; the 28 days before
        // (3..30) hold 28 passes and 1 bypass, rate 1/29. 0.3 >= 2 x 0.0345 with 3 bypasses: it opens. On day 36
        // only 2 bypasses were in the window. At the end of day 42 the window (36..42) holds 2: it clears.
        List<TestRecord<String, Alert>> out = alerts.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("org", "team:payments", "org", "team:payments");
        for (String scope : List.of("org", "team:payments")) {
            List<Alert> forScope = out.stream().filter(r -> r.key().equals(scope)).map(TestRecord::value).toList();
            assertThat(forScope).extracting(a -> a.getStatus().name()).containsExactly("OPEN", "CLEARED");
            Alert open = forScope.get(0);
            Alert cleared = forScope.get(1);
            assertThat(open.getType()).isEqualTo("GATE_BYPASS_RATE_RISING");
            assertThat(open.getAsOf()).isEqualTo(day(37));
            assertThat(open.getOpenedAt()).isEqualTo(Instant.parse("2026-02-08T00:00:00Z"));
            assertThat(cleared.getId()).isEqualTo(open.getId());
            assertThat(cleared.getAsOf()).isEqualTo(day(42));
            assertThat(cleared.getClearedAt()).isEqualTo(Instant.parse("2026-02-13T00:00:00Z"));
            JsonNode evidence = ContractJson.mapper().readTree(open.getEvidence());
            assertThat(evidence.path("gate_bypasses").asLong()).isEqualTo(3);
            assertThat(evidence.path("gated_deployments").asLong()).isEqualTo(10);
            assertThat(evidence.path("gate_bypass_rate").asDouble()).isCloseTo(0.3, within(1e-12));
            assertThat(evidence.path("baseline_gate_bypass_rate").asDouble()).isCloseTo(1 / 29.0, within(1e-12));
            assertThat(evidence.path("from").asText()).isEqualTo("2026-02-01");
            assertThat(evidence.path("to").asText()).isEqualTo("2026-02-08");
        }

        // Everything again (duplicates count once) and more quiet days: nothing new is published.
        List<SpecificRecord> again = List.copyOf(sent);
        again.forEach(this::pipe);
        for (int d = 51; d <= 60; d++) {
            pipe(deployment("checkout", "pass-" + d, d, SecurityGate.PASSED));
        }
        assertThat(alerts.readRecordsToList()).isEmpty();
        assertThat(storedAlerts()).extracting(AlertState::status).containsExactly("CLEARED", "CLEARED");
    }

    @Test
    void aTier1FindingPastItsSlaOpensOnceAndClearsWhenFixed() {
        pipe(service("ledger", "core", Tier.TIER_1));
        // A CRITICAL finding opened at noon on day 0 is 7.5 days old at the end of day 7: past its 7-day SLA.
        // A HIGH one of the same age stays within its 30 days. The CRITICAL one is fixed on day 12.
        pipe(finding("ledger", "crit-1", FindingStatus.OPENED, 0, Severity.CRITICAL));
        pipe(finding("ledger", "high-1", FindingStatus.OPENED, 0, Severity.HIGH));
        for (int d = 0; d <= 20; d++) {
            pipe(deployment("ledger", "pass-" + d, d, SecurityGate.PASSED));
            if (d == 12) {
                pipe(finding("ledger", "crit-1", FindingStatus.FIXED, 12, Severity.CRITICAL));
            }
        }
        List<Alert> out = alerts.readValuesToList();
        assertThat(out).filteredOn(a -> a.getScope().equals("org")).extracting(a -> a.getStatus().name() + "@" + a.getAsOf())
                .containsExactly("OPEN@" + day(7), "CLEARED@" + day(12));
        assertThat(out).allMatch(a -> a.getType().equals("TIER1_FINDING_PAST_SLA"));
        assertThat(out).filteredOn(a -> a.getScope().equals("team:core")).hasSize(2);
        assertThat(out.get(0).getEvidence()).contains("\"findings_past_sla\":1").contains("\"finding_id\":\"crit-1\"")
                .doesNotContain("high-1");
    }

    @Test
    void aLapsedTier1PracticeOpensACoverageDropThatClearsWhenScanningResumes() {
        pipe(service("vault", "core", Tier.TIER_1));
        // SAST scans on days 0..20 keep SAST present through day 49 (30-day lookback). From day 50 it is missing:
        // tier-1 practice coverage falls by 1/8 against 7 days earlier. Scans resume on day 53.
        for (int d = 0; d <= 70; d++) {
            pipe(deployment("vault", "pass-" + d, d, SecurityGate.PASSED));
            if (d <= 20 || d >= 53) {
                pipe(scan("vault", "sast-" + d, d));
            }
        }
        List<Alert> out = alerts.readValuesToList().stream().filter(a -> a.getScope().equals("org")).toList();
        assertThat(out).extracting(a -> a.getType() + ":" + a.getStatus().name() + "@" + a.getAsOf())
                .containsExactly("TIER1_COVERAGE_DROP:OPEN@" + day(50), "TIER1_COVERAGE_DROP:CLEARED@" + day(53));
        assertThat(out.get(0).getEvidence()).contains("\"drop\":0.125");
    }

    private List<AlertState> storedAlerts() {
        List<AlertState> stored = new ArrayList<>();
        try (var it = driver.<String, String>getKeyValueStore(AlertTopology.ALERTS_STORE).all()) {
            it.forEachRemaining(kv -> stored.add(AlertState.fromJson(kv.value)));
        }
        return stored;
    }

    static LocalDate day(int d) {
        return DAY0.plusDays(d);
    }

    static Instant noon(int d) {
        return day(d).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    void pipe(SpecificRecord e) {
        sent.add(e);
        inputs.get(EventKind.ofRecord(e).orElseThrow()).pipeInput(EventKind.serviceId(e), e);
    }

    static Service service(String id, String team, Tier tier) {
        return Service.newBuilder().setServiceId(id).setName(id).setTeam(team).setTier(tier).setRepos(List.of("acme/" + id))
                .setInternetFacing(true).setRegulated(false).setAttestations(List.of()).setUpdatedAt(DAY0.atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
                .build();
    }

    static Deployment deployment(String service, String id, int d, SecurityGate gate) {
        return Deployment.newBuilder().setDeploymentId(id).setServiceId(service).setEnvironment("production")
                .setStatus(DeploymentStatus.SUCCEEDED).setDeployedAt(noon(d)).setCommitIds(List.of()).setIsHotfix(false)
                .setSecurityGate(gate).setEvidence(List.of(EvidenceKind.SBOM, EvidenceKind.SCAN_REPORT)).build();
    }

    static Finding finding(String service, String id, FindingStatus status, int d, Severity severity) {
        return Finding.newBuilder().setFindingId(id).setServiceId(service).setStatus(status).setOccurredAt(noon(d))
                .setSeverity(severity).setExploitability(Exploitability.LIKELY).setCategory(FindingCategory.CODE)
                .setDefectClass("CWE-89").setInNewCode(false).build();
    }

    static ScanResult scan(String service, String id, int d) {
        return ScanResult.newBuilder().setScanId(id).setServiceId(service).setRepo("acme/" + service).setScanner("semgrep")
                .setScanType(ScanType.SAST).setCompletedAt(noon(d)).setOutcome(ScanOutcome.PASSED)
                .setCritical(0).setHigh(0).setMedium(0).setLow(0).build();
    }
}
