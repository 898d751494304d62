package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.ingest.EventKind;
import com.devsecopsmetrics.ingest.ContractJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** An event as the sink received it, and helpers to collect a whole history in tests. */
record Recorded(EventKind kind, SpecificRecord event) {

    static List<Recorded> history(OrganisationSpec spec) {
        List<Recorded> events = new ArrayList<>();
        SyntheticOrganisation.generate(spec, (kind, event) -> events.add(new Recorded(kind, event)));
        return events;
    }

    static List<String> asJsonLines(List<Recorded> events) {
        List<String> lines = new ArrayList<>(events.size());
        for (Recorded recorded : events) {
            lines.add(recorded.kind() + " " + ContractJson.toJson(recorded.event()));
        }
        return lines;
    }

    /** The event-time field of each kind, as the design's section 3 names it. */
    Instant eventTime() {
        return kind.eventTime(event);
    }
}
