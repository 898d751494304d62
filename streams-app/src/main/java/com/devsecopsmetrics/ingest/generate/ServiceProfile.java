package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.events.Attestation;
import com.devsecopsmetrics.events.Service;
import com.devsecopsmetrics.events.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A service as the catalogue describes it (mutable: re-tiers, ownership changes and reorgs publish
 * a new catalogue entry) plus the habits of the people running it, which the catalogue never shows
 * but the events reveal.
 */
final class ServiceProfile {

    final String id;
    final String name;
    final List<String> repos;

    Team team;
    Tier tier;
    boolean internetFacing;
    boolean regulated;
    String owner;
    String escalationPath;
    final EnumSet<Attestation> attestations = EnumSet.noneOf(Attestation.class);

    /** Barely maintained: few commits and releases, almost no scanning, no gate. */
    boolean abandoned;
    /** The pipeline runs a security gate at all (otherwise every release says NOT_RUN). */
    boolean hasSecurityGate;
    /** Releases go to staging and soak there before production. */
    boolean usesStaging;
    /** Added to team maturity when deciding how much release evidence is attached. */
    double evidenceBias;
    double commitsPerDay;

    ServiceProfile(String id, String name, List<String> repos) {
        this.id = id;
        this.name = name;
        this.repos = List.copyOf(repos);
    }

    double releaseTierFactor() {
        return switch (tier) {
            case TIER_1 -> 1.2;
            case TIER_2 -> 1.0;
            case TIER_3 -> 0.6;
        };
    }

    boolean ownerDefined() {
        return owner != null && escalationPath != null;
    }

    /** The repository infrastructure code lives in: a dedicated one when the service has it. */
    String infrastructureRepo() {
        return repos.stream().filter(r -> r.endsWith("-infra")).findFirst().orElse(repos.get(0));
    }

    Service toEvent(long updatedAt) {
        return Service.newBuilder()
                .setServiceId(id)
                .setName(name)
                .setTeam(team.name())
                .setTier(tier)
                .setRepos(new ArrayList<>(repos))
                .setInternetFacing(internetFacing)
                .setRegulated(regulated)
                .setOwner(owner)
                .setEscalationPath(escalationPath)
                .setAttestations(new ArrayList<>(attestations))
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                .build();
    }
}
