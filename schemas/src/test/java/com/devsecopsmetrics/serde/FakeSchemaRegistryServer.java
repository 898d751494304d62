package com.devsecopsmetrics.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A small in-process stand-in for Confluent Schema Registry's REST API (the endpoints the client
 * uses, with the registry's error bodies), on an ephemeral loopback port.
 */
final class FakeSchemaRegistryServer implements AutoCloseable {

  private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
  private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
  private static final Pattern CONFIG = Pattern.compile("/config/([^/]+)");
  private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");

  record Request(String method, String path, String contentType, String authorization, String body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final String requiredAuthorization;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
  private final Map<String, String> compatibilityBySubject = new HashMap<>();
  private int nextId = 100;

  /** @param requiredAuthorization the exact Authorization header to demand, or null for none */
  FakeSchemaRegistryServer(String requiredAuthorization) throws IOException {
    this(requiredAuthorization, null);
  }

  /** @param tls when given, serve HTTPS with this server-side context */
  FakeSchemaRegistryServer(String requiredAuthorization, SSLContext tls) throws IOException {
    this.requiredAuthorization = requiredAuthorization;
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
    if (tls == null) {
      this.server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      this.server = https;
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Registers directly, as another producer would have. */
  synchronized int preRegister(String subject, Schema schema) {
    return registerText(subject, schema.toString());
  }

  synchronized String compatibility(String subject) {
    return compatibilityBySubject.get(subject);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), authorization, body));
      if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
        reply(exchange, 401, error(401, "Unauthorized"));
        return;
      }
      synchronized (this) {
        route(exchange, method, path, body);
      }
    }
  }

  private void route(HttpExchange exchange, String method, String path, String body) throws IOException {
    Matcher m;
    if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
      String schemaText = schemaOf(body);
      if (schemaText == null) {
        reply(exchange, 422, error(42201, "Either the input schema or one of its references is invalid"));
        return;
      }
      ObjectNode answer = json.createObjectNode();
      answer.put("id", registerText(decode(m.group(1)), schemaText));
      reply(exchange, 200, answer);
    } else if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      String schemaText = schemaOf(body);
      List<Integer> versions = versionsBySubject.get(subject);
      if (versions == null) {
        reply(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      Integer id = schemaText == null ? null : idsBySchema.get(schemaText);
      if (id == null || !versions.contains(id)) {
        reply(exchange, 404, error(40403, "Schema not found"));
        return;
      }
      reply(exchange, 200, version(subject, versions.indexOf(id) + 1, id));
    } else if (method.equals("GET") && (m = LATEST.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      List<Integer> versions = versionsBySubject.get(subject);
      if (versions == null) {
        reply(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      reply(exchange, 200, version(subject, versions.size(), versions.get(versions.size() - 1)));
    } else if (method.equals("PUT") && (m = CONFIG.matcher(path)).matches()) {
      JsonNode request = json.readTree(body);
      String level = request.path("compatibility").asText();
      if (!level.matches("NONE|BACKWARD|BACKWARD_TRANSITIVE|FORWARD|FORWARD_TRANSITIVE|FULL|FULL_TRANSITIVE")) {
        reply(exchange, 422, error(42203, "Invalid compatibility level"));
        return;
      }
      compatibilityBySubject.put(decode(m.group(1)), level);
      ObjectNode answer = json.createObjectNode();
      answer.put("compatibility", level);
      reply(exchange, 200, answer);
    } else if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
      int id = Integer.parseInt(m.group(1));
      String schema = schemasById.get(id);
      if (schema == null) {
        reply(exchange, 404, error(40403, "Schema " + id + " not found"));
        return;
      }
      ObjectNode answer = json.createObjectNode();
      answer.put("schema", schema);
      reply(exchange, 200, answer);
    } else {
      reply(exchange, 404, error(404, "HTTP 404 Not Found"));
    }
  }

  private int registerText(String subject, String schemaText) {
    String canonical = new Schema.Parser().parse(schemaText).toString();
    Integer id = idsBySchema.get(canonical);
    if (id == null) {
      id = nextId++;
      idsBySchema.put(canonical, id);
      schemasById.put(id, canonical);
    }
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(id)) {
      versions.add(id);
    }
    return id;
  }

  /** The canonical schema text of a request body, or null if it is not a valid Avro schema request. */
  private String schemaOf(String body) {
    try {
      JsonNode request = json.readTree(body);
      return new Schema.Parser().parse(request.get("schema").asText()).toString();
    } catch (IOException | SchemaParseException | NullPointerException e) {
      return null;
    }
  }

  private ObjectNode version(String subject, int version, int id) {
    ObjectNode answer = json.createObjectNode();
    answer.put("subject", subject);
    answer.put("id", id);
    answer.put("version", version);
    answer.put("schema", schemasById.get(id));
    return answer;
  }

  private ObjectNode error(int code, String message) {
    ObjectNode answer = json.createObjectNode();
    answer.put("error_code", code);
    answer.put("message", message);
    return answer;
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
