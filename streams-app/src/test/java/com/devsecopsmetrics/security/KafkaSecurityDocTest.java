package com.devsecopsmetrics.security;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README "Kafka security" lists exactly the ACLs that KafkaSecurityIT grants ({@link LeastPrivilegeAcls}), in the same
 * order, and the principal mapping rule that the test broker uses.
 */
class KafkaSecurityDocTest {
    static final Path DOC = Path.of("..", "README.md");

    @Test
    void theDocumentsAclCommandsAreTheOnesTheIntegrationTestGrants() throws Exception {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf("<!-- acls:begin -->");
        int end = doc.indexOf("<!-- acls:end -->");
        assertThat(begin).as("the ACL block's markers").isPositive().isLessThan(end);
        List<String> commands = doc.substring(begin, end).lines().filter(l -> l.startsWith("kafka-acls.sh")).toList();
        assertThat(commands).as("paste this block into the README (Kafka security):\n" + String.join("\n", LeastPrivilegeAcls.commands()))
                .containsExactlyElementsOf(LeastPrivilegeAcls.commands());
    }

    @Test
    void theDocumentsPrincipalMappingIsTheTestBrokers() throws Exception {
        assertThat(Files.readString(DOC)).contains("ssl.principal.mapping.rules=" + SecuredKafka.PRINCIPAL_MAPPING);
    }
}
