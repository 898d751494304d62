package com.devsecopsmetrics.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Picks the registry client a serde configuration asks for: in-memory for {@code mock://}, REST otherwise. */
public final class SchemaRegistries {

  private SchemaRegistries() {}

  /**
   * A client for {@code schema.registry.url}: the shared {@link MockSchemaRegistry} of the scope for
   * a single {@code mock://scope} URL, else a {@link RestSchemaRegistryClient} over all URLs.
   */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    List<String> urls = AvroSerdeConfig.registryUrls(configs);
    boolean anyMock = urls.stream().anyMatch(url -> url.startsWith(MockSchemaRegistry.URL_PREFIX));
    if (anyMock) {
      if (urls.size() != 1) {
        throw new ConfigException(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL, String.join(",", urls),
            "a mock:// URL must be the only URL");
      }
      String scope = urls.get(0).substring(MockSchemaRegistry.URL_PREFIX.length());
      return MockSchemaRegistry.forScope(scope);
    }
    return new RestSchemaRegistryClient(urls, configs);
  }
}
