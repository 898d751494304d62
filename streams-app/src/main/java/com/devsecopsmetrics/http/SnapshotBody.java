package com.devsecopsmetrics.http;

import com.devsecopsmetrics.access.Caller;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.metrics.coverage.Coverage;
import com.devsecopsmetrics.metrics.coverage.DebtSnapshot;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;

/** The JSON of {@code GET /api/v1/snapshot}: {@code {"scope","date","coverage":{...},"debt":{...}}}. */
@JsonPropertyOrder({"scope", "date", "coverage", "debt"})
record SnapshotBody(String scope, String date, Coverage coverage, DebtSnapshot debt) {

    /**
     * The body as the caller may read it. A caller who reads every team gets it written straight from the records:
     * an org snapshot of ten thousand services lists each one's practices, and building a tree of them first to
     * leave nothing out cost a quarter of the query. Any other caller's body goes through {@link TeamVisibility}.
     */
    String render(Caller caller, TeamVisibility visibility) throws JsonProcessingException {
        if (caller.seesEveryTeam()) {
            return ContractJson.mapper().writeValueAsString(this);
        }
        return visibility.redact(caller, ContractJson.mapper().valueToTree(this)).toString();
    }
}
