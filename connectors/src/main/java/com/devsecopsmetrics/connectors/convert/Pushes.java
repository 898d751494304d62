package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Commit;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static com.devsecopsmetrics.connectors.convert.Payloads.firstTime;
import static com.devsecopsmetrics.connectors.convert.Payloads.required;
import static com.devsecopsmetrics.connectors.convert.Payloads.text;

/** A push's {@code commits} (GitHub and GitLab spell them alike) to commit events, recorded for the deployment that will ship them. */
final class Pushes {
    private Pushes() {
    }

    static Conversion commits(JsonNode push, String repo, String service, ReleaseTracker releases, SourceContext ctx,
                              Function<JsonNode, Optional<String>> author) {
        List<ContractEvent> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode c : push.path("commits")) {
            String id = required(c, "id");
            ids.add(id);
            events.add(ContractEvent.of(Commit.newBuilder().setCommitId(id).setServiceId(service).setRepo(repo)
                    .setAuthor(author.apply(c).orElse(null))
                    .setCommittedAt(firstTime(c, "timestamp").orElse(ctx.receivedAt())).build()));
        }
        if (events.isEmpty()) {
            return Conversion.skip("push to " + text(push, "ref").orElse("?") + (push.path("deleted").asBoolean() ? " (deleted)" : "")
                    + " carries no commits");
        }
        releases.pushed(repo, ids).ifPresent(amended -> events.add(ContractEvent.of(amended)));
        return Conversion.of(events);
    }
}
