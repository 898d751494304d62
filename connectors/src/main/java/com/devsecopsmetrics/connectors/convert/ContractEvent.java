package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import org.apache.avro.specific.SpecificRecord;

/** One event of the contract (DESIGN §3) produced by a converter, with its kind ({@code commits}, ...). */
public record ContractEvent(String kind, SpecificRecord value) {
    public static ContractEvent of(SpecificRecord value) {
        return new ContractEvent(kindOf(value), value);
    }

    public String topic() {
        return "devsecops." + kind;
    }

    public String serviceId() {
        return (String) value.get(value.getSchema().getField("service_id").pos());
    }

    private static String kindOf(SpecificRecord value) {
        if (value instanceof Commit) {
            return "commits";
        } else if (value instanceof Deployment) {
            return "deployments";
        } else if (value instanceof Incident) {
            return "incidents";
        } else if (value instanceof ScanResult) {
            return "scan-results";
        } else if (value instanceof Finding) {
            return "findings";
        }
        throw new IllegalArgumentException("not a converter output: " + value.getSchema().getFullName());
    }
}
