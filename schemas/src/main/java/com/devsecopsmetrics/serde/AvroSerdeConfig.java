package com.devsecopsmetrics.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration keys of the serde, spelled exactly as Confluent spells them so that a
 * configuration written for Confluent's {@code KafkaAvroSerializer} works unchanged here (and the
 * reverse), plus typed reads of them.
 *
 * <p>Values may arrive as strings (from properties files) or as typed objects (from code), so every
 * read accepts both.
 */
public final class AvroSerdeConfig {

  /** Comma-separated registry base URLs, or a single {@code mock://scope}. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** Register the record's schema under the subject on first use (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  /** When auto-registration is off, write with the id of the subject's latest version (default false). */
  public static final String USE_LATEST_VERSION = "use.latest.version";
  /** Seconds a looked-up latest version is reused; -1 (default) means for the serializer's life. */
  public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
  /** Deserialize into generated SpecificRecord classes instead of GenericRecord (default false). */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /** {@code USER_INFO} (use {@link #BASIC_AUTH_USER_INFO}) or {@code URL} (user:password@ in the URL). */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  /** {@code user:password} for HTTP Basic auth when the source is USER_INFO. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  /** Confluent's alternative spelling of {@link #BASIC_AUTH_USER_INFO}. */
  public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";

  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

  /** Connect timeout towards the registry in milliseconds (default 10000). */
  public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  /** Whole-request timeout towards the registry in milliseconds (default 30000). */
  public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

  private AvroSerdeConfig() {}

  /** The registry URLs, trimmed, in the order given. */
  public static List<String> registryUrls(Map<String, ?> configs) {
    Object raw = configs.get(SCHEMA_REGISTRY_URL);
    List<String> urls = new ArrayList<>();
    if (raw instanceof List<?> list) {
      list.forEach(item -> addUrls(urls, String.valueOf(item)));
    } else if (raw != null) {
      addUrls(urls, raw.toString());
    }
    if (urls.isEmpty()) {
      throw new ConfigException(
          "missing required configuration '" + SCHEMA_REGISTRY_URL
              + "' (e.g. http://localhost:8081 or mock://embedded)");
    }
    return urls;
  }

  private static void addUrls(List<String> urls, String commaSeparated) {
    for (String url : commaSeparated.split(",")) {
      if (!url.isBlank()) {
        urls.add(url.trim());
      }
    }
  }

  static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
    Object raw = configs.get(key);
    if (raw == null) {
      return defaultValue;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    String text = raw.toString().trim();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new ConfigException(key, raw, "expected true or false");
  }

  static long number(Map<String, ?> configs, String key, long defaultValue) {
    Object raw = configs.get(key);
    if (raw == null) {
      return defaultValue;
    }
    if (raw instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, raw, "expected a whole number");
    }
  }

  /** A string value, or null when absent or blank. Kafka's {@code Password} type prints via {@code value()}. */
  static String string(Map<String, ?> configs, String key) {
    Object raw = configs.get(key);
    if (raw == null) {
      return null;
    }
    String text =
        raw instanceof Password p ? p.value() : raw.toString();
    return text.isBlank() ? null : text;
  }
}
