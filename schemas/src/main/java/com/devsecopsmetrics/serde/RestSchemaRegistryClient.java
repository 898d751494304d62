package com.devsecopsmetrics.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API, using only the JDK's {@link HttpClient} and
 * Jackson (Confluent's own client is not available to this project).
 *
 * <p>Endpoints used: {@code POST /subjects/{subject}/versions} (register),
 * {@code POST /subjects/{subject}} (look up without registering), {@code GET /schemas/ids/{id}} and
 * {@code GET /subjects/{subject}/versions/latest}. Registered ids and fetched schemas are cached
 * for the client's lifetime because the registry never changes them; the latest version is not
 * cached here (it changes by definition; the serializer decides how long to reuse it).
 *
 * <p>With several URLs, each request tries them in order and moves on only when one cannot be
 * reached (an I/O failure); an HTTP error answer is the registry's verdict and is reported as is.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  /** Media type the registry speaks; it also accepts plain JSON, but this is what Confluent sends. */
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  private static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

  /** One registry URL, without user info or trailing slash, with the Authorization header it needs. */
  private record Endpoint(String baseUrl, Optional<String> authorization) {}

  private final List<Endpoint> endpoints;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  /** A client for one URL with default settings. */
  public RestSchemaRegistryClient(String url) {
    this(List.of(url), Map.of());
  }

  /**
   * A client for {@code urls} (tried in order), configured from the serde keys in
   * {@link AvroSerdeConfig}: basic auth, {@code schema.registry.ssl.*} and timeouts.
   */
  public RestSchemaRegistryClient(List<String> urls, Map<String, ?> configs) {
    if (urls.isEmpty()) {
      throw new ConfigException("no schema registry URL given");
    }
    Optional<String> configuredAuth = userInfoAuthorization(configs);
    List<Endpoint> parsed = new ArrayList<>();
    for (String url : urls) {
      parsed.add(endpoint(url, configuredAuth, usesUrlCredentials(configs)));
    }
    this.endpoints = List.copyOf(parsed);
    this.requestTimeout =
        Duration.ofMillis(
            AvroSerdeConfig.number(
                configs, AvroSerdeConfig.HTTP_READ_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            // The registry is an HTTP/1.1 service; this avoids h2c upgrade headers that some proxies reject.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(
                Duration.ofMillis(
                    AvroSerdeConfig.number(
                        configs, AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS)));
    RegistrySslContext.fromConfig(configs).ifPresent(builder::sslContext);
    this.http = builder.build();
  }

  @Override
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    ObjectNode body = json.createObjectNode();
    // "schemaType" is left out: the registry's default is AVRO, and older registries reject the field.
    body.put("schema", schema.toString());
    JsonNode answer = send("POST", "/subjects/" + pathSegment(subject) + "/versions", body.toString());
    int id = requiredInt(answer, "id", "registering a schema under subject '" + subject + "'");
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public int lookup(String subject, Schema schema) {
    Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema.toString());
    JsonNode answer;
    try {
      answer = send("POST", "/subjects/" + pathSegment(subject), body.toString());
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        throw SchemaRegistryException.unknownSubject(subject, describe());
      }
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw new SchemaRegistryException(
            "schema " + schema.getFullName() + " is not registered under subject '" + subject
                + "' in registry " + describe() + " (and auto.register.schemas is false)",
            e.errorCode(), e.httpStatus());
      }
      throw e;
    }
    int id = requiredInt(answer, "id", "looking up a schema under subject '" + subject + "'");
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer;
    try {
      answer = send("GET", "/schemas/ids/" + id, null);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND || e.httpStatus() == 404) {
        throw SchemaRegistryException.unknownSchemaId(id, describe());
      }
      throw e;
    }
    Schema schema = parseAvro(answer, "schema id " + id);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode answer;
    try {
      answer = send("GET", "/subjects/" + pathSegment(subject) + "/versions/latest", null);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        throw SchemaRegistryException.unknownSubject(subject, describe());
      }
      throw e;
    }
    String what = "the latest version of subject '" + subject + "'";
    int id = requiredInt(answer, "id", what);
    int version = requiredInt(answer, "version", what);
    Schema schema = schemasById.computeIfAbsent(id, i -> parseAvro(answer, what));
    return new RegisteredSchema(id, version, schema);
  }

  @Override
  public void setCompatibility(String subject, String level) {
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level);
    send("PUT", "/config/" + pathSegment(subject), body.toString());
  }

  @Override
  public String describe() {
    return endpoints.size() == 1
        ? endpoints.get(0).baseUrl()
        : endpoints.stream().map(Endpoint::baseUrl).toList().toString();
  }

  // ---------------------------------------------------------------- HTTP

  private JsonNode send(String method, String path, String body) {
    IOException lastFailure = null;
    for (Endpoint endpoint : endpoints) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
              .timeout(requestTimeout)
              .header("Accept", CONTENT_TYPE + ", application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      endpoint.authorization().ifPresent(auth -> request.header("Authorization", auth));
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        LOG.warn("schema registry {} unreachable for {} {}: {}", endpoint.baseUrl(), method, path, e.toString());
        lastFailure = e;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("interrupted while calling schema registry " + endpoint.baseUrl(), e);
      }
      return interpret(endpoint, method, path, response);
    }
    throw new SchemaRegistryException(
        "could not reach schema registry " + describe() + " for " + method + " " + path + ": " + lastFailure,
        lastFailure);
  }

  private JsonNode interpret(Endpoint endpoint, String method, String path, HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    JsonNode parsed = null;
    try {
      parsed = text.isBlank() ? null : json.readTree(text);
    } catch (JsonProcessingException e) {
      if (status / 100 == 2) {
        throw new SchemaRegistryException(
            "schema registry " + endpoint.baseUrl() + " answered " + method + " " + path
                + " with a body that is not JSON: " + abbreviate(text), -1, status);
      }
    }
    if (status / 100 == 2) {
      if (parsed == null) {
        throw new SchemaRegistryException(
            "schema registry " + endpoint.baseUrl() + " answered " + method + " " + path + " with an empty body",
            -1, status);
      }
      return parsed;
    }
    int errorCode = parsed != null && parsed.path("error_code").isInt() ? parsed.get("error_code").asInt() : -1;
    String message =
        parsed != null && parsed.path("message").isTextual() ? parsed.get("message").asText() : abbreviate(text);
    String prefix =
        "schema registry " + endpoint.baseUrl() + " refused " + method + " " + path + " with HTTP " + status
            + (errorCode >= 0 ? " (error code " + errorCode + ")" : "") + ": " + message;
    String hint =
        switch (status) {
          case 401 -> "; the credentials are missing or wrong: check "
              + AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE + " and " + AvroSerdeConfig.BASIC_AUTH_USER_INFO;
          case 403 -> "; the credentials are not allowed to do this";
          case 409 -> "; the schema is incompatible with the subject's earlier versions";
          case 422 -> "; the registry considers the schema invalid";
          default -> "";
        };
    throw new SchemaRegistryException(prefix + hint, errorCode, status);
  }

  // ---------------------------------------------------------------- parsing answers

  private static int requiredInt(JsonNode answer, String field, String what) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          "schema registry answer for " + what + " has no integer '" + field + "': " + abbreviate(answer.toString()),
          -1, -1);
    }
    return value.asInt();
  }

  private static Schema parseAvro(JsonNode answer, String what) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!type.equalsIgnoreCase("AVRO")) {
      throw new SchemaRegistryException(what + " is a " + type + " schema, not an Avro schema", -1, -1);
    }
    JsonNode schemaText = answer.get("schema");
    if (schemaText == null || !schemaText.isTextual()) {
      throw new SchemaRegistryException(
          "schema registry answer for " + what + " has no 'schema' string: " + abbreviate(answer.toString()), -1, -1);
    }
    try {
      return new Schema.Parser().parse(schemaText.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException("the registry's schema for " + what + " is not valid Avro: " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static String pathSegment(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // ---------------------------------------------------------------- configuration

  private static boolean usesUrlCredentials(Map<String, ?> configs) {
    String source = AvroSerdeConfig.string(configs, AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
    return source == null || source.equalsIgnoreCase("URL");
  }

  /** The Authorization header from {@code basic.auth.user.info}, when the source says so. */
  private static Optional<String> userInfoAuthorization(Map<String, ?> configs) {
    String source = AvroSerdeConfig.string(configs, AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
    String userInfo = AvroSerdeConfig.string(configs, AvroSerdeConfig.BASIC_AUTH_USER_INFO);
    if (userInfo == null) {
      userInfo = AvroSerdeConfig.string(configs, AvroSerdeConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
    }
    String normalized = source == null ? null : source.toUpperCase(Locale.ROOT);
    if (normalized == null || normalized.equals("URL")) {
      // Confluent's default source is URL; a user info given without a source is still honoured
      // rather than silently dropped (which would only show up later as a 401).
      return source == null && userInfo != null ? Optional.of(basic(userInfo)) : Optional.empty();
    }
    if (!normalized.equals("USER_INFO")) {
      throw new ConfigException(
          AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported values are USER_INFO and URL");
    }
    if (userInfo == null || !userInfo.contains(":")) {
      throw new ConfigException(
          AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs "
              + AvroSerdeConfig.BASIC_AUTH_USER_INFO + "=user:password");
    }
    return Optional.of(basic(userInfo));
  }

  private static Endpoint endpoint(String url, Optional<String> configuredAuth, boolean urlCredentials) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url, "not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new ConfigException(
          AvroSerdeConfig.SCHEMA_REGISTRY_URL, url, "expected http://host:port, https://host:port or mock://scope");
    }
    Optional<String> auth = configuredAuth;
    if (auth.isEmpty() && urlCredentials && uri.getRawUserInfo() != null) {
      auth = Optional.of(basic(decodeUserInfo(uri.getRawUserInfo())));
    }
    String base =
        scheme + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
            + (uri.getRawPath() == null ? "" : uri.getRawPath());
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return new Endpoint(base, auth);
  }

  private static String decodeUserInfo(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String basic(String userInfo) {
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }
}
