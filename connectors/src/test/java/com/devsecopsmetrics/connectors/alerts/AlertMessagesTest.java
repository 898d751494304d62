package com.devsecopsmetrics.connectors.alerts;

import com.devsecopsmetrics.outputs.Alert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A team name a producer chose to page everyone, link away and break the line. */
    private static final String HOSTILE = "team:<!channel> @here <@U123> [click](https://evil.example/x) *bold*\n`code`<at>Boss</at>\u202Eevil";

    private static JsonNode message(TargetType target, Alert alert) throws Exception {
        return JSON.readTree(AlertMessages.build(target, Alerts.notice(alert)));
    }

    @Test
    void theIdempotencyKeyIsTheSameForEveryDeliveryOfAStateChangeAndDiffersBetweenChanges() {
        Alert open = Alerts.opened("team:payments", "2026-03-08");
        Alert cleared = Alerts.cleared(open, "2026-03-12");
        assertThat(Alerts.notice(open).idempotencyKey()).isEqualTo(Alerts.notice(Alert.newBuilder(open).build()).idempotencyKey())
                .matches("[0-9a-f]{64}")
                .isNotEqualTo(Alerts.notice(cleared).idempotencyKey())
                .isNotEqualTo(Alerts.notice(Alerts.opened("team:payments", "2026-03-20")).idempotencyKey());
        // Evidence changes nothing: the same state change published again with fresher figures is still the same change.
        assertThat(Alerts.notice(Alert.newBuilder(open).setEvidence("{}").build()).idempotencyKey()).isEqualTo(Alerts.notice(open).idempotencyKey());
    }

    @Test
    void slackGetsTheAlertItsScopeTheTimesAndTheFigures() throws Exception {
        JsonNode slack = message(TargetType.SLACK, Alerts.opened("team:payments", "2026-03-08"));
        assertThat(slack.path("text").asText()).isEqualTo("Alert opened: Security gate bypass rate rising (`team:payments`)");
        String details = slack.path("blocks").path(1).path("text").path("text").asText();
        assertThat(details).contains("*Scope*: `team:payments`", "*Status*: OPEN", "*Opened at*: 2026-03-09T00:00:00Z",
                "*Figures as of*: 2026-03-08", "*`gate_bypass_rate`*: 0.5", "*`gate_bypasses`*: 4", "*`from`*: `2026-03-02`",
                "*Alert id*: `GATE_BYPASS_RATE_RISING|team:payments|2026-03-08`");
        JsonNode cleared = message(TargetType.SLACK, Alerts.cleared(Alerts.opened("org", "2026-03-08"), "2026-03-12"));
        assertThat(cleared.path("text").asText()).startsWith("Alert cleared: ");
        assertThat(cleared.path("blocks").path(1).path("text").path("text").asText()).contains("*Cleared at*: 2026-03-13T00:00:00Z");
    }

    @Test
    void slackTextCannotMentionLinkOrBreakOutOfItsCodeSpan() throws Exception {
        JsonNode slack = message(TargetType.SLACK, Alert.newBuilder(Alerts.opened("x", "2026-03-08")).setScope(HOSTILE.replace("\n", " ")).build());
        String all = slack.toString();
        assertThat(all).doesNotContain("<!channel>", "<@U123>", "<at>", "\\n`", "\u202E", "@here", "https://");
        String scope = slack.path("blocks").path(1).path("text").path("text").asText().lines()
                .filter(l -> l.startsWith("*Scope*")).findFirst().orElseThrow();
        // one code span, whose backticks were replaced; entities for < > &
        assertThat(scope).startsWith("*Scope*: `team:&lt;!channel&gt; @\u200Bhere &lt;@\u200BU123&gt;").endsWith("`").contains("ˋcodeˋ");
        assertThat(scope.chars().filter(c -> c == '`').count()).isEqualTo(2);
    }

    @Test
    void teamsGetsAnAdaptiveCardWithEscapedMarkdown() throws Exception {
        JsonNode teams = message(TargetType.TEAMS, Alert.newBuilder(Alerts.opened("x", "2026-03-08")).setScope(HOSTILE.replace("\n", " ")).build());
        assertThat(teams.path("type").asText()).isEqualTo("message");
        JsonNode card = teams.path("attachments").path(0);
        assertThat(card.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.path("content").path("type").asText()).isEqualTo("AdaptiveCard");
        JsonNode body = card.path("content").path("body");
        assertThat(body.path(0).path("text").asText()).isEqualTo("Alert opened: Security gate bypass rate rising");
        assertThat(body.path(0).path("color").asText()).isEqualTo("Attention");
        JsonNode scope = body.path(1).path("facts").path(0);
        assertThat(scope.path("title").asText()).isEqualTo("Scope");
        assertThat(scope.path("value").asText()).contains("\\[click\\]\\(https:\u200B//evil.example/x\\)", "\\*bold\\*", "\\<at\\>Boss\\</at\\>",
                "@\u200Bhere").doesNotContain("\u202E");
    }

    @Test
    void theGenericWebhookGetsTheAlertFieldsUnalteredWithTheKeyInTheBody() throws Exception {
        Alert open = Alert.newBuilder(Alerts.opened("x", "2026-03-08")).setScope(HOSTILE.replace("\n", " ")).build();
        JsonNode body = message(TargetType.WEBHOOK, open);
        assertThat(body.path("idempotency_key").asText()).isEqualTo(Alerts.notice(open).idempotencyKey());
        assertThat(body.path("event").asText()).isEqualTo("alert.opened");
        assertThat(body.path("scope").asText()).isEqualTo(open.getScope()); // JSON-encoded, for a machine: not rewritten
        assertThat(body.path("status").asText()).isEqualTo("OPEN");
        assertThat(body.path("opened_at").asText()).isEqualTo("2026-03-09T00:00:00Z");
        assertThat(body.path("cleared_at").isNull()).isTrue();
        assertThat(body.path("as_of").asText()).isEqualTo("2026-03-08");
        assertThat(body.path("evidence").path("gate_bypasses").asInt()).isEqualTo(4);
    }

    @Test
    void aValueThatBreaksTheAlertContractIsRefusedWithoutEchoingIt() {
        Map<String, Object> value = new HashMap<>(Map.of("id", "A|org|2026-03-08", "type", "T", "scope", "org", "status", "OPEN",
                "opened_at", 1_773_014_400_000L, "evidence", "{}"));
        assertThat(AlertNotice.from(value).scope()).isEqualTo("org"); // schemaless JSON converter's map
        value.put("status", "SNOOZED");
        assertThatThrownBy(() -> AlertNotice.from(value)).isInstanceOf(DataException.class).hasMessageContaining("status");
        value.put("status", "CLEARED");
        assertThatThrownBy(() -> AlertNotice.from(value)).hasMessage("a CLEARED alert has no cleared_at");
        value.put("status", "OPEN");
        value.put("scope", "org\nINFO forged log line");
        assertThatThrownBy(() -> AlertNotice.from(value)).hasMessageContaining("'scope'").hasMessageNotContaining("forged");
        value.put("scope", "org");
        value.put("evidence", "[\"secret-looking content\"]");
        assertThatThrownBy(() -> AlertNotice.from(value)).hasMessage("field 'evidence' is not a JSON object");
        assertThatThrownBy(() -> AlertNotice.from("just text")).isInstanceOf(DataException.class);
    }
}
