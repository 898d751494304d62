package com.devsecopsmetrics.serde;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.devsecopsmetrics.events.Commit;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.outputs.Alert;
import com.devsecopsmetrics.outputs.ServiceDailyMetrics;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Avro (1.12.2 on) loads by name only the classes it trusts: the contract's, and none of the rest. */
class AvroClassTrustTest {

  @BeforeAll
  static void install() {
    AvroClassTrust.install();
  }

  @Test
  void theContractsGeneratedRecordsAndEnumsAreTrusted() {
    for (Class<?> type : new Class<?>[] {Commit.class, Severity.class, Alert.class, ServiceDailyMetrics.class}) {
      assertThatCode(() -> ClassSecurityValidator.validate(type)).as(type.getName()).doesNotThrowAnyException();
    }
  }

  @Test
  void aRecordClassOutsideTheContractStaysForbidden() {
    assertThatThrownBy(() -> ClassSecurityValidator.validate(Outsider.class)).isInstanceOf(SecurityException.class);
    assertThatThrownBy(() -> ClassSecurityValidator.validate(java.util.ArrayList.class))
        .isInstanceOf(SecurityException.class);
  }

  @Test
  void avrosOwnDefaultsStayTrusted() {
    assertThatCode(() -> ClassSecurityValidator.validate(String.class)).doesNotThrowAnyException();
  }

  /** A specific record of another package, as a writer schema's name could point at. */
  static final class Outsider extends SpecificRecordBase {
    @Override
    public Schema getSchema() {
      return Schema.createRecord("Outsider", null, "com.devsecopsmetrics.serde", false, java.util.List.of());
    }

    @Override
    public Object get(int field) {
      return null;
    }

    @Override
    public void put(int field, Object value) {}
  }
}
