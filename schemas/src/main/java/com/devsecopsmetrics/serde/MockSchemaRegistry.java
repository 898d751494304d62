package com.devsecopsmetrics.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * An in-memory schema registry for {@code mock://<scope>} URLs, for tests, demos and single-machine
 * runs without a registry server. As with Confluent's mock, every serde configured with the same
 * {@code mock://scope} URL in one JVM shares one instance.
 *
 * <h2>Why ids are fingerprints</h2>
 *
 * A real registry hands out ids from a counter kept on the server, so every client agrees on them.
 * Separate JVMs that each use {@code mock://embedded} have no server to agree through (e.g. a
 * {@code load} CLI process that produces records and a separate app process that consumes them),
 * so a counter would give the same schema different ids in each. Instead the id is derived from the
 * schema itself: the low 31 bits of its Parsing Canonical Form fingerprint
 * ({@link SchemaNormalization#parsingFingerprint64}). Every JVM computes the same id for the same
 * schema, and ids stay non-negative as real registry ids are. A reader still needs the schema for an
 * id it has never seen registered; that is why every scope is preloaded with {@link KnownSchemas}
 * and whatever was passed to {@link #preload(Schema...)}.
 *
 * <p>Consequences of the Parsing Canonical Form: schemas that differ only in docs, defaults,
 * aliases or logical types get the same id, and the first one registered in this JVM is what
 * {@link #getById} returns. That is harmless for decoding (the writer schema's byte layout is the
 * same) but means a mock is not a compatibility checker. Two schemas with different canonical forms
 * whose 31-bit ids collide (unlikely: roughly 1 in 2^31 per pair) are refused with a clear error.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

  /** URL scheme that selects this registry in {@link SchemaRegistries#fromConfig}. */
  public static final String URL_PREFIX = "mock://";

  private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();
  /** Schemas preloaded at run time by other modules; applied to existing and future scopes. */
  private static final List<Schema> EXTRA_PRELOADS = new CopyOnWriteArrayList<>();

  private final String scope;
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
  private final Map<String, String> compatibilityBySubject = new HashMap<>();

  /**
   * A fresh, unshared instance: what a separate JVM would have. Package-private so that tests can
   * simulate two processes; production code goes through {@link #forScope(String)}.
   */
  MockSchemaRegistry(String scope, Collection<Schema> preloaded) {
    this.scope = scope;
    preloaded.forEach(this::remember);
  }

  /** The JVM-wide instance for {@code scope}, created (and preloaded) on first use. */
  public static MockSchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new MockSchemaRegistry(s, defaultPreloads()));
  }

  /** Forgets a scope, so that the next {@link #forScope} starts empty (but preloaded). For tests. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  /**
   * Makes schemas resolvable by id in every mock scope, existing and future, without registering
   * them under any subject. Modules with their own generated classes call this once at start-up
   * (e.g. {@code MockSchemaRegistry.preload(MyEvent.getClassSchema())}) so that a consumer process
   * can read what a producer process wrote; {@link SpecificAvroSerde} does it for its record class.
   */
  public static void preload(Schema... schemas) {
    for (Schema schema : schemas) {
      if (!EXTRA_PRELOADS.contains(schema)) {
        EXTRA_PRELOADS.add(schema);
      }
      SCOPES.values().forEach(registry -> registry.remember(schema));
    }
  }

  private static List<Schema> defaultPreloads() {
    List<Schema> all = new ArrayList<>(KnownSchemas.all());
    all.addAll(EXTRA_PRELOADS);
    return all;
  }

  /** The id any JVM gives {@code schema} in a mock registry. See the class comment for why. */
  public static int idOf(Schema schema) {
    return (int) (SchemaNormalization.parsingFingerprint64(schema) & 0x7fffffffL);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    int id = remember(schema);
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(id)) {
      versions.add(id);
    }
    return id;
  }

  @Override
  public synchronized int lookup(String subject, Schema schema) {
    int id = idOf(schema);
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw SchemaRegistryException.unknownSubject(subject, describe());
    }
    if (!versions.contains(id)) {
      throw new SchemaRegistryException(
          "schema " + schema.getFullName() + " is not registered under subject '" + subject
              + "' in registry " + describe(),
          SchemaRegistryException.SCHEMA_NOT_FOUND,
          404);
    }
    return id;
  }

  /** Makes {@code schema} resolvable by id in this instance only (used by serdes that know their reader schema). */
  void preloadHere(Schema schema) {
    remember(schema);
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw SchemaRegistryException.unknownSchemaId(id, describe());
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw SchemaRegistryException.unknownSubject(subject, describe());
    }
    int id = versions.get(versions.size() - 1);
    return new RegisteredSchema(id, versions.size(), schemasById.get(id));
  }

  /** Remembered only: the in-process registry checks no compatibility. */
  @Override
  public synchronized void setCompatibility(String subject, String level) {
    compatibilityBySubject.put(subject, level);
  }

  /** The level set for {@code subject}, or null. */
  public synchronized String compatibility(String subject) {
    return compatibilityBySubject.get(subject);
  }

  /** The subjects that have a schema registered. */
  public synchronized Set<String> subjects() {
    return Set.copyOf(versionsBySubject.keySet());
  }

  @Override
  public String describe() {
    return URL_PREFIX + scope;
  }

  /** Stores the schema under its fingerprint id; refuses a true collision. */
  private synchronized int remember(Schema schema) {
    int id = idOf(schema);
    Schema existing = schemasById.putIfAbsent(id, schema);
    if (existing != null
        && !SchemaNormalization.toParsingForm(existing).equals(SchemaNormalization.toParsingForm(schema))) {
      throw new SchemaRegistryException(
          "schema id collision in registry " + describe() + ": " + schema.getFullName() + " and "
              + existing.getFullName() + " both map to fingerprint id " + id,
          -1,
          -1);
    }
    return id;
  }
}
