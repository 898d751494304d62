package com.devsecopsmetrics.connectors.fuzz;

import com.devsecopsmetrics.connectors.connect.EventRecords;
import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Conversion;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.connectors.convert.UnreadablePayload;
import com.devsecopsmetrics.contract.ContractRules;
import com.devsecopsmetrics.contract.ContractViolation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.header.ConnectHeaders;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.connectors.fuzz.JsonMutations.fixtures;
import static com.devsecopsmetrics.connectors.fuzz.JsonMutations.mutants;

/**
 * Whatever a payload holds, a converter either converts it into events that pass (or are refused by) the contract's
 * rules, or refuses it with the documented {@link UnreadablePayload} (its {@code MalformedPayload} when not JSON).
 * Any other exception fails the property: it would be a 500 on the webhook or a stopped SARIF folder.
 */
class ConverterFuzzTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final EventRecords EVENTS = new EventRecords("devsecops.", ContractRules.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    /** A GitHub payload with the event type its fixture was recorded under. */
    record GitHubDelivery(String eventType, byte[] body) {
    }

    @Provide
    Arbitrary<GitHubDelivery> github() {
        List<JsonMutations.Fixture> all = fixtures("github-webhooks");
        return Arbitraries.of(all).flatMap(f -> mutants(List.of(f)).map(body -> new GitHubDelivery(f.name().split("\\.")[0], body)));
    }

    @Provide
    Arbitrary<byte[]> gitlab() {
        return mutants(fixtures("gitlab-webhooks"));
    }

    @Provide
    Arbitrary<byte[]> pagerduty() {
        return mutants(JsonMutations.fixtures(Path.of("..", "resources", "payloads", "pagerduty").toString()));
    }

    @Provide
    Arbitrary<byte[]> sarif() {
        // the small logs: the large ones only slow the search down without reaching other paths
        return mutants(fixtures("sarif").stream().filter(f -> f.bytes().length < 40_000).toList());
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    @Property(tries = 400)
    void gitHubPayloads(@ForAll("github") GitHubDelivery d) {
        convertsOrRefuses(Converters.Source.GITHUB, d.body(), SourceContext.receivedAt(NOW).withEventType(d.eventType()));
    }

    @Property(tries = 300)
    void gitLabPayloads(@ForAll("gitlab") byte[] body) {
        convertsOrRefuses(Converters.Source.GITLAB, body, SourceContext.receivedAt(NOW));
    }

    @Property(tries = 300)
    void pagerDutyPayloads(@ForAll("pagerduty") byte[] body) {
        convertsOrRefuses(Converters.Source.PAGERDUTY, body, SourceContext.receivedAt(NOW));
    }

    @Property(tries = 300)
    void sarifLogs(@ForAll("sarif") byte[] body) {
        convertsOrRefuses(Converters.Source.SARIF, body, SourceContext.receivedAt(NOW).withService("fuzz"));
    }

    @Property(tries = 200)
    void arbitraryBytesToEveryConverter(@ForAll("anyBytes") byte[] body) {
        for (Converters.Source source : Converters.Source.values()) {
            convertsOrRefuses(source, body, SourceContext.receivedAt(NOW).withEventType("push").withService("fuzz"));
        }
    }

    static void convertsOrRefuses(Converters.Source source, byte[] body, SourceContext ctx) {
        Conversion conversion;
        try {
            conversion = new Converters(MappingConfig.from(Map.of())).convert(source, body, ctx);
        } catch (UnreadablePayload documented) {
            return;
        }
        for (ContractEvent e : conversion.events()) {
            try {
                EVENTS.record(e, null, null, new ConnectHeaders());
            } catch (ContractViolation | UnreadablePayload documented) {
                // refused with its reason: what the connectors answer 422 or move to error.dir
            }
        }
    }
}
