package com.devsecopsmetrics.connectors.alerts;

import com.devsecopsmetrics.connectors.connect.EventStructs;
import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.outputs.AlertStatus;
import com.devsecopsmetrics.serde.AvroClassTrust;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Alert records as the app writes them and as ContractAvroConverter hands them to a sink task. */
final class Alerts {
    static final String BYPASS_EVIDENCE = "{\"from\":\"2026-03-02\",\"to\":\"2026-03-09\",\"gate_bypass_rate\":0.5,\"gate_bypasses\":4,"
            + "\"gated_deployments\":8,\"baseline_gate_bypass_rate\":0.1}";

    static {
        AvroClassTrust.install(); // Avro refuses generated classes it was not told to trust (as the worker's EventStructs does)
    }

    private Alerts() {
    }

    static Alert opened(String scope, String openedDay) {
        Instant opened = LocalDate.parse(openedDay).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Alert.newBuilder().setId("GATE_BYPASS_RATE_RISING|" + scope + "|" + openedDay).setType("GATE_BYPASS_RATE_RISING")
                .setScope(scope).setStatus(AlertStatus.OPEN).setOpenedAt(opened).setClearedAt(null)
                .setAsOf(LocalDate.parse(openedDay)).setEvidence(BYPASS_EVIDENCE).build();
    }

    static Alert cleared(Alert open, String clearedDay) {
        return Alert.newBuilder(open).setStatus(AlertStatus.CLEARED)
                .setClearedAt(LocalDate.parse(clearedDay).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                .setAsOf(LocalDate.parse(clearedDay)).build();
    }

    static Struct struct(Alert alert) {
        return EventStructs.toStruct(alert);
    }

    static AlertNotice notice(Alert alert) {
        return AlertNotice.from(struct(alert));
    }

    static SinkRecord record(Alert alert, long offset) {
        Struct value = struct(alert);
        return new SinkRecord("devsecops.alerts", 0, Schema.STRING_SCHEMA, alert.getScope(), value.schema(), value, offset);
    }
}
