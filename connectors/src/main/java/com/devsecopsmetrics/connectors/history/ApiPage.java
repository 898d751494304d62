package com.devsecopsmetrics.connectors.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Optional;

/** One answer of a list endpoint: its JSON body and the next page the {@code Link} header names, if any. */
public record ApiPage(JsonNode body, Optional<URI> next) {
}
