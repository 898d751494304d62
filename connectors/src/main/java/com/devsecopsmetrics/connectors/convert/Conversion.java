package com.devsecopsmetrics.connectors.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * What one payload became: the contract events, and what was deliberately not converted with the reason
 * (an unknown event type, a pending deployment, an issue without the incident label). A payload that cannot be
 * read at all throws {@link UnreadablePayload} instead.
 */
public record Conversion(List<ContractEvent> events, List<String> skipped) {
    public static Conversion skip(String reason) {
        return new Conversion(List.of(), List.of(reason));
    }

    public static Conversion of(List<ContractEvent> events) {
        return new Conversion(List.copyOf(events), List.of());
    }

    public Conversion plus(Conversion other) {
        List<ContractEvent> e = new ArrayList<>(events);
        e.addAll(other.events);
        List<String> s = new ArrayList<>(skipped);
        s.addAll(other.skipped);
        return new Conversion(List.copyOf(e), List.copyOf(s));
    }

    public List<ContractEvent> ofKind(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }
}
