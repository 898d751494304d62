package com.devsecopsmetrics.catalogue;

import com.devsecopsmetrics.events.Service;

/** A service's catalogue entry changed (or was removed: {@code entry} null); its history may move scope. */
public record CatalogueChange(String serviceId, Service entry) {
}
