package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.connectors.convert.ContractEvent;
import com.devsecopsmetrics.connectors.convert.Converters;
import com.devsecopsmetrics.connectors.convert.MappingConfig;
import com.devsecopsmetrics.connectors.convert.SourceContext;
import com.devsecopsmetrics.events.ScanResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §3's complete-scan rule end to end: the SARIF converter's output for three CodeQL scans goes through the
 * application's topology. The second scan lacks one result: the app closes that finding; the third has it again:
 * the app reopens it. Expected figures by hand: 72 findings first seen on 1 March, 1 fixed on 5 March, 1 reopened
 * on 9 March.
 */
class SarifScansThroughTheLedgerTest extends LedgerTopologyCase {
    private static final Path CODEQL = Path.of(System.getProperty("fixtures.dir", "../connectors/src/test/fixtures"), "sarif", "codeQL-output.sarif");
    private final Converters converters = new Converters(MappingConfig.defaultConfig());

    private List<ContractEvent> scan(byte[] sarif, String at) {
        return converters.convert(Converters.Source.SARIF, sarif, SourceContext.receivedAt(Instant.parse(at)).withService("web")).events();
    }

    private void pipe(List<ContractEvent> events) {
        events.forEach(e -> ledger.pipe(e.value()));
    }

    private static List<String> observed(List<ContractEvent> events) {
        return ((ScanResult) events.get(0).value()).getFindingIds();
    }

    @Test
    void aScanWithoutAResultClosesItAndTheNextScanWithItReopensIt() throws Exception {
        byte[] full = Files.readAllBytes(CODEQL);
        ObjectMapper json = new ObjectMapper();
        ObjectNode log = (ObjectNode) json.readTree(full);
        ((ArrayNode) log.path("runs").get(0).path("results")).remove(57); // the first py/reflective-xss result
        byte[] withoutOne = json.writeValueAsBytes(log);

        List<ContractEvent> first = scan(full, "2026-03-01T10:00:00Z");
        List<ContractEvent> second = scan(withoutOne, "2026-03-05T10:00:00Z");
        List<ContractEvent> third = scan(full, "2026-03-09T10:00:00Z");
        assertThat(observed(third)).isEqualTo(observed(first)).hasSize(72);
        assertThat(observed(second)).hasSize(71).isSubsetOf(observed(first));

        pipe(first);
        pipe(second);
        pipe(third);
        assertThat(ledger.debtFlow("service:web", "2026-03-01", "2026-03-02")).containsEntry("intake", 72L).containsEntry("fixed", 0L);
        assertThat(ledger.debtFlow("service:web", "2026-03-05", "2026-03-06")).containsEntry("fixed", 1L).containsEntry("intake", 0L);
        assertThat(ledger.debtFlow("service:web", "2026-03-09", "2026-03-10")).containsEntry("reopened", 1L).containsEntry("fixed", 0L);
        assertThat(ledger.debtFlow("service:web", "2026-03-01", "2026-04-01")).containsEntry("intake", 72L).containsEntry("fixed", 1L)
                .containsEntry("reopened", 1L);
        assertThat(ledger.deadLetterReasons()).isEmpty();
    }

    @Test
    void theSameScansInReverseOrderGiveTheSameFigures() throws Exception {
        byte[] full = Files.readAllBytes(CODEQL);
        ObjectMapper json = new ObjectMapper();
        ObjectNode log = (ObjectNode) json.readTree(full);
        ((ArrayNode) log.path("runs").get(0).path("results")).remove(57);
        List<ContractEvent> first = scan(full, "2026-03-01T10:00:00Z");
        List<ContractEvent> second = scan(json.writeValueAsBytes(log), "2026-03-05T10:00:00Z");
        List<ContractEvent> third = scan(full, "2026-03-09T10:00:00Z");
        pipe(third);
        pipe(second);
        pipe(first);
        assertThat(ledger.debtFlow("service:web", "2026-03-01", "2026-04-01")).containsEntry("intake", 72L).containsEntry("fixed", 1L)
                .containsEntry("reopened", 1L);
    }
}
