package com.devsecopsmetrics.connectors.convert;

import com.devsecopsmetrics.events.Deployment;
import com.devsecopsmetrics.events.EvidenceKind;
import com.devsecopsmetrics.events.HotfixCause;
import com.devsecopsmetrics.events.RollbackReason;
import com.devsecopsmetrics.events.SecurityGate;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The contract fields a deployer may put in the deployment's own payload (GitHub's {@code deployment.payload},
 * set by whoever creates the deployment): {@code security_gate}, {@code gate_bypass_reason}, {@code evidence},
 * {@code is_hotfix}, {@code hotfix_for}, {@code hotfix_cause}, {@code rollback_of}, {@code rollback_reason},
 * {@code pipeline_minutes}, {@code security_wait_minutes}. A value that breaks the contract is left out and
 * reported; the deployment still converts.
 */
final class DeploymentConventions {
    private DeploymentConventions() {
    }

    static void apply(JsonNode payload, Deployment.Builder b, List<String> notes) {
        if (payload == null || !payload.isObject()) {
            return;
        }
        enumField(payload, "security_gate", SecurityGate.class, notes).ifPresent(b::setSecurityGate);
        Payloads.text(payload, "gate_bypass_reason").ifPresent(b::setGateBypassReason);
        if (payload.path("is_hotfix").isBoolean()) {
            b.setIsHotfix(payload.path("is_hotfix").booleanValue());
        }
        Payloads.text(payload, "hotfix_for").ifPresent(b::setHotfixFor);
        enumField(payload, "hotfix_cause", HotfixCause.class, notes).ifPresent(b::setHotfixCause);
        Payloads.text(payload, "rollback_of").ifPresent(b::setRollbackOf);
        enumField(payload, "rollback_reason", RollbackReason.class, notes).ifPresent(b::setRollbackReason);
        if (payload.path("evidence").isArray()) {
            List<EvidenceKind> evidence = new ArrayList<>();
            for (JsonNode e : payload.path("evidence")) {
                enumValue(e.asText(), "evidence", EvidenceKind.class, notes).ifPresent(evidence::add);
            }
            b.setEvidence(evidence);
        }
        minutes(payload, "pipeline_minutes", notes).ifPresent(b::setPipelineMinutes);
        minutes(payload, "security_wait_minutes", notes).ifPresent(b::setSecurityWaitMinutes);
    }

    private static Optional<Long> minutes(JsonNode payload, String field, List<String> notes) {
        JsonNode n = payload.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (n.canConvertToLong() && n.isIntegralNumber() && n.longValue() >= 0) {
            return Optional.of(n.longValue());
        }
        notes.add("deployment payload field '" + field + "' ignored: " + n + " is not a whole number of minutes");
        return Optional.empty();
    }

    private static <E extends Enum<E>> Optional<E> enumField(JsonNode payload, String field, Class<E> type, List<String> notes) {
        return Payloads.text(payload, field).flatMap(v -> enumValue(v, field, type, notes));
    }

    private static <E extends Enum<E>> Optional<E> enumValue(String value, String field, Class<E> type, List<String> notes) {
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            notes.add("deployment payload field '" + field + "' ignored: '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
            return Optional.empty();
        }
    }
}
