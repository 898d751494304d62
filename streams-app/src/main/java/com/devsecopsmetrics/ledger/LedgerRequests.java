package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.metrics.DayFigures;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.time.LocalDate;

/**
 * Interactive-query requests over the ledger's stores, for any partition of any instance: the query layer asks for a
 * scope's or a service's days and a service's assignment, while store names and key formats stay with the ledger.
 */
public final class LedgerRequests {
    /** A store keyed by service: where a router looks up which instance holds a service's partition. */
    public static final String BY_SERVICE = LedgerStores.SERVICE_DAYS;

    private LedgerRequests() {
    }

    /** A roll-up scope's day rows from {@code from} to {@code lastDay}, both included. */
    public static StateQueryRequest<KeyValueIterator<String, DayFigures>> scopeDays(String rollupName, LocalDate from, LocalDate lastDay) {
        return days(LedgerStores.SCOPE_DAYS, rollupName, from, lastDay);
    }

    /** A service's day rows from {@code from} to {@code lastDay}, both included. */
    public static StateQueryRequest<KeyValueIterator<String, DayFigures>> serviceDays(String service, LocalDate from, LocalDate lastDay) {
        return days(LedgerStores.SERVICE_DAYS, service, from, lastDay);
    }

    private static StateQueryRequest<KeyValueIterator<String, DayFigures>> days(String store, String owner, LocalDate from, LocalDate lastDay) {
        return StateQueryRequest.inStore(store)
                .withQuery(RangeQuery.<String, DayFigures>withRange(LedgerKeys.of(owner, from.toString()), LedgerKeys.of(owner, lastDay.toString())));
    }

    /** A service's scope assignment, as stored; {@link #assignmentOf} reads the answer. */
    public static StateQueryRequest<String> assignment(String service) {
        return StateQueryRequest.inStore(LedgerStores.ASSIGNMENTS).withQuery(KeyQuery.<String, String>withKey(service));
    }

    public static ScopeAssignment assignmentOf(String stored) {
        return ScopeAssignment.parse(stored);
    }
}
