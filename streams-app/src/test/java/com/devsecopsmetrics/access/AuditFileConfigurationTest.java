package com.devsecopsmetrics.access;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped {@code config/logback-audit-file.xml} writes the audit trail to its own file, one bare JSON line per request. */
class AuditFileConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void auditLinesGoToTheirOwnFileAndNothingElseDoes() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("dsm.audit.file", file.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("..", "config", "logback-audit-file.xml").toFile());
        String line = "{\"time\":\"2026-12-06T06:00:00Z\",\"caller\":\"alice\",\"path\":\"/api/v1/services\",\"status\":200}";
        context.getLogger("audit").info(line);
        context.getLogger("com.devsecopsmetrics.http.RestServer").warn("not an audit line");
        context.stop();
        assertThat(Files.readAllLines(file)).containsExactly(line);
        assertThat(new ObjectMapper().readTree(Files.readString(file)).path("caller").asText()).isEqualTo("alice");
    }
}
