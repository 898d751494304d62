package com.devsecopsmetrics.alerts;

import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON the alert topology keeps in its stores and topics. A value that cannot be written or read is a defect
 * of this build, not of a record, so it surfaces unchecked.
 */
final class StoredJson {
    private StoredJson() {
    }

    static String write(Object value) {
        try {
            return ContractJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param what names the value in the error, e.g. "alert" */
    static <T> T read(String json, Class<T> type, String what) {
        try {
            return ContractJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + what, e);
        }
    }
}
