package com.devsecopsmetrics.serde;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.Finding;
import com.devsecopsmetrics.events.Incident;
import com.devsecopsmetrics.events.ScanResult;
import com.devsecopsmetrics.events.Service;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schemas of this project's event contract, which every process knows because they are
 * compiled in. Every {@link MockSchemaRegistry} scope is preloaded with them so that a process can
 * read records that another process (another JVM, with its own in-memory registry) wrote.
 *
 * <p>To add a schema of this module, add its generated class here. Other modules that cannot be
 * referenced from here call {@link MockSchemaRegistry#preload(Schema...)} at start-up instead.
 */
public final class KnownSchemas {

  private static final List<Schema> ALL =
      List.of(
          Service.getClassSchema(),
          Commit.getClassSchema(),
          Deployment.getClassSchema(),
          Incident.getClassSchema(),
          ScanResult.getClassSchema(),
          Finding.getClassSchema());

  private KnownSchemas() {}

  /** The event contract's schemas, in a fixed order. */
  public static List<Schema> all() {
    return ALL;
  }
}
