package com.devsecopsmetrics.connectors.history;

import com.devsecopsmetrics.connectors.history.RecordedApi.Answer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST client's manners: rate limits waited out, 5xx retried a bounded number of times, no token to another host. */
class ApiClientTest {
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void aSpentBudgetWaitsForItsReset() throws IOException {
        try (RecordedApi api = new RecordedApi()) {
            long reset = Instant.now().plusSeconds(30).getEpochSecond();
            api.on("/projects", Answer.body("[]").withHeader("RateLimit-Remaining", "0").withHeader("RateLimit-Reset", Long.toString(reset)));
            ApiClient client = new ApiClient(api.base(), ApiCredential.gitlab("glpat-x"), pauses::add, Duration.ofMillis(1));

            client.get(client.resolve("/projects"));

            assertThat(pauses).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(32)));
            assertThat(api.requests()).singleElement().extracting(RecordedApi.Request::authorization).isEqualTo("glpat-x");
        }
    }

    @Test
    void aServerThatKeepsFailingStopsAfterTheLastAttempt() throws IOException {
        try (RecordedApi api = new RecordedApi()) {
            api.on("/incidents", Answer.status(503, Map.of()));
            ApiClient client = new ApiClient(api.base(), ApiCredential.pagerduty("pd"), pauses::add, Duration.ofMillis(1));

            assertThatThrownBy(() -> client.get(client.resolve("/incidents"))).isInstanceOf(ApiUnavailable.class)
                    .hasMessage("GET /incidents: server error 503");
            assertThat(api.requests()).hasSize(ApiClient.MAX_ATTEMPTS);
            assertThat(pauses).hasSize(ApiClient.MAX_ATTEMPTS - 1).startsWith(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4));
        }
    }

    @Test
    void aPageLinkToAnotherHostIsRefused() throws IOException {
        try (RecordedApi api = new RecordedApi()) {
            api.on("/repos/a/b/commits", Answer.body("[]").withHeader("Link", "<https://elsewhere.example/steal?page=2>; rel=\"next\""));
            ApiClient client = new ApiClient(api.base(), ApiCredential.github("secret"), pauses::add, Duration.ofMillis(1));

            assertThatThrownBy(() -> client.get(client.resolve("/repos/a/b/commits"))).isInstanceOf(ApiUnavailable.class)
                    .hasMessageContaining("another host");
        }
    }

    @Test
    void anAnswerThatIsNotJsonNamesNoContent() throws IOException {
        try (RecordedApi api = new RecordedApi()) {
            api.on("/x", Answer.body("<html>secret-ish page</html>"));
            ApiClient client = new ApiClient(api.base(), ApiCredential.none(), pauses::add, Duration.ofMillis(1));

            assertThatThrownBy(() -> client.get(client.resolve("/x"))).isInstanceOf(ApiUnavailable.class)
                    .hasMessageContaining("not JSON").hasMessageNotContaining("secret-ish");
        }
    }
}
