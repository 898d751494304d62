package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The same history as {@link GitHubRecording}, as the webhooks GitHub sends while it happens, in time order: the
 * fixture payloads where the fixtures have that change, else the webhook GitHub sends for it around the same REST
 * object (a push of the older commit, an alert's {@code created} before its closing). Fed to the connectors'
 * converters, it is what the webhook connector would have produced.
 */
final class WebhookHistory {
    static final Path FIXTURES = Path.of(System.getProperty("fixtures.dir", "../connectors/src/test/fixtures")).resolve("github-webhooks");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Converters converters;
    private final List<ContractEvent> events = new ArrayList<>();

    WebhookHistory(MappingConfig mapping) {
        this.converters = new Converters(mapping);
    }

    static List<ContractEvent> github(MappingConfig mapping) {
        WebhookHistory h = new WebhookHistory(mapping);
        ObjectNode push = fixture("push.4.json");
        ObjectNode olderPush = push.deepCopy();
        ObjectNode older = (ObjectNode) olderPush.withArray("commits").get(0);
        older.put("id", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
        older.put("timestamp", "2019-05-15T15:10:02Z");
        h.send("push", olderPush);
        h.send("push", push);
        h.send("deployment_status", fixture("deployment_status.created.0.json"));
        ObjectNode dismissed = fixture("code_scanning_alert.closed_by_user.1.json");
        ObjectNode created = dismissed.deepCopy();
        created.put("action", "created");
        h.send("code_scanning_alert", created);
        h.send("code_scanning_alert", dismissed);
        JsonNode repo = dismissed.path("repository");
        JsonNode secret = resource("github/hello-world.secret-scanning.json").get(0);
        h.send("secret_scanning_alert", alert("created", secret, repo));
        h.send("secret_scanning_alert", alert("resolved", secret, repo));
        JsonNode fixedAlert = resource("github/hello-world.dependabot.2.json").get(0);
        JsonNode dismissedAlert = resource("github/hello-world.dependabot.1.json").get(0);
        h.send("dependabot_alert", alert("created", fixedAlert, repo));
        h.send("dependabot_alert", alert("fixed", fixedAlert, repo));
        h.send("dependabot_alert", alert("created", dismissedAlert, repo));
        h.send("dependabot_alert", alert("dismissed", dismissedAlert, repo));
        h.send("workflow_run", fixture("workflow_run.completed.1.json"));
        return h.events;
    }

    void send(String type, ObjectNode payload) {
        try {
            events.addAll(converters.convert(Converters.Source.GITHUB, MAPPER.writeValueAsBytes(payload),
                    SourceContext.receivedAt(Instant.EPOCH).withEventType(type)).events());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode alert(String action, JsonNode alert, JsonNode repo) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("action", action);
        ObjectNode a = alert.deepCopy();
        a.remove("secret");
        p.set("alert", a);
        p.set("repository", repo);
        return p;
    }

    static ObjectNode fixture(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(Files.readAllBytes(FIXTURES.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode resource(String name) {
        try {
            return MAPPER.readTree(RecordedApi.read(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
