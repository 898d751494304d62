package com.devsecopsmetrics.architecture;

import com.devsecopsmetrics.ledger.KnownServices;
import com.devsecopsmetrics.ledger.LedgerKeys;
import com.devsecopsmetrics.ledger.LedgerStores;
import com.devsecopsmetrics.ledger.SnapshotDebt;
import com.devsecopsmetrics.ledger.SortedEntries;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layers of the application, lowest first: a package may use the packages of its own layer's lower
 * neighbours only, so a change to a query or a route can never reach back into the processors or the metric rules.
 */
class PackageLayersTest {
    private static final String ROOT = "com.devsecopsmetrics";

    /** Layer name and its packages, lowest first; each layer may depend on every layer before it. */
    private static final List<List<String>> LAYERS = List.of(
            // the schemas and connectors modules: event and output records, contract rules, registry serdes
            List.of("Schemas", "events..", "outputs..", "contract..", "serde.."),
            List.of("Connectors", "connectors.."),
            // metric rules and value types: no Kafka, so they are tested and reasoned about as plain functions
            List.of("Metrics", "metrics.."),
            List.of("Config", "config.."),
            // topics, event kinds, their serdes and time extractor, dead letters; producers and generators
            List.of("Ingest", "ingest.."),
            List.of("Access", "access.."),
            List.of("Broker", "broker.."),
            // processors and the stores they write, in the order the topology feeds them
            List.of("Admission", "admission.."),
            List.of("Catalogue", "catalogue.."),
            List.of("Ledger", "ledger.."),
            List.of("Alerts", "alerts.."),
            // routing of interactive queries and the read models over the stores
            List.of("Queries", "query.."),
            List.of("Views", "report..", "prometheus.."),
            List.of("Http", "http.."),
            // wiring, the command line and the benchmark
            List.of("Entry", "app..", "cli..", "bench.."));

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    static ArchRule packagesFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule metricsFreeOfKafka(String root) {
        return noClasses().that().resideInAPackage(root + ".metrics..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..");
    }

    static LayeredArchitecture layers(String root, List<List<String>> layers) {
        LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> layer : layers) {
            rule = rule.layer(layer.get(0)).definedBy(layer.subList(1, layer.size()).stream().map(p -> root + "." + p).toArray(String[]::new));
        }
        for (int i = 1; i < layers.size(); i++) {
            String[] below = layers.subList(0, i).stream().map(l -> l.get(0)).toArray(String[]::new);
            rule = rule.whereLayer(layers.get(i).get(0)).mayOnlyAccessLayers(below);
        }
        return rule.whereLayer(layers.get(0).get(0)).mayNotAccessAnyLayer();
    }

    @Test
    void checksTheApplicationClassesOnly() {
        assertThat(MAIN_CLASSES.containPackage(ROOT + ".ledger")).isTrue();
        assertThat(MAIN_CLASSES.containPackage(ROOT + ".http")).isTrue();
        assertThat(MAIN_CLASSES.contain(PackageLayersTest.class)).isFalse();
    }

    @Test
    void noCycleBetweenPackages() {
        packagesFreeOfCycles(ROOT).check(MAIN_CLASSES);
    }

    @Test
    void metricRulesDoNotUseKafka() {
        metricsFreeOfKafka(ROOT).check(MAIN_CLASSES);
    }

    /**
     * Readers go through LedgerReads and LedgerRequests: the ledger alone knows its store names and key formats. The
     * compiler copies string constants into their users, so a reader naming a store by its constant is not caught here.
     */
    @Test
    void storeNamesAndKeyFormatsStayInTheLedger() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".ledger..")
                .should().dependOnClassesThat().belongToAnyOf(LedgerStores.class, LedgerKeys.class, SortedEntries.class, SnapshotDebt.class,
                        KnownServices.class)
                .check(MAIN_CLASSES);
    }

    @Test
    void dependenciesPointDownTheLayers() {
        layers(ROOT, LAYERS).check(MAIN_CLASSES);
    }

    /** The rules above would pass on nothing at all; here they meet two packages that break each of them. */
    @Test
    void theRulesCatchATangle() {
        String tangled = PackageLayersTest.class.getPackageName() + ".tangled";
        JavaClasses fixture = new ClassFileImporter().importPackages(tangled);
        assertThat(fixture).hasSize(2);
        assertThat(packagesFreeOfCycles(tangled).evaluate(fixture).hasViolation()).isTrue();
        assertThat(metricsFreeOfKafka(tangled).evaluate(fixture).hasViolation()).isTrue();
        assertThat(layers(tangled, List.of(List.of("Metrics", "metrics.."), List.of("Ledger", "ledger.."))).evaluate(fixture)
                .hasViolation()).isTrue();
    }
}
