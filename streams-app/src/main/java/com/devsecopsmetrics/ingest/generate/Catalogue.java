package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.events.Attestation;
import com.devsecopsmetrics.events.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The organisation's teams and its service catalogue as it stands when the history begins. */
final class Catalogue {

    final List<Team> teams;
    final List<ServiceProfile> services;

    private Catalogue(List<Team> teams, List<ServiceProfile> services) {
        this.teams = teams;
        this.services = services;
    }

    static Catalogue build(OrganisationSpec spec, Dice dice) {
        long start = Times.ceilToSecond(spec.start().toEpochMilli());
        long end = spec.end().toEpochMilli();
        List<Vocabulary.TeamTemplate> templates = Vocabulary.TEAMS.subList(0, teamCount(spec.services()));
        List<Team> teams = new ArrayList<>();
        for (Vocabulary.TeamTemplate template : templates) {
            teams.add(team(template, dice, start, end, spec.services() / templates.size()));
        }

        List<ServiceProfile> services = new ArrayList<>();
        List<Double> criticality = new ArrayList<>();
        int[] namesUsed = new int[templates.size()];
        for (int i = 0; i < spec.services(); i++) {
            // Every team gets a service first; after that teams grow at random.
            int t = i < templates.size() ? i : dice.between(0, templates.size() - 1);
            Vocabulary.TeamTemplate template = templates.get(t);
            int n = namesUsed[t]++;
            List<String> nouns = template.serviceNouns();
            String noun = nouns.get(n % nouns.size()) + (n < nouns.size() ? "" : "-" + (n / nouns.size() + 1));
            String id = template.name() + "-" + noun;
            ServiceProfile service = new ServiceProfile(id, displayName(id), repos(id, dice));
            service.team = teams.get(t);
            services.add(service);
            criticality.add(dice.uniform(0, 1) + template.criticality());
        }
        assignTiers(services, criticality);
        for (ServiceProfile service : services) {
            describe(service, dice, start);
        }
        return new Catalogue(List.copyOf(teams), List.copyOf(services));
    }

    private static int teamCount(int services) {
        int teams = Math.max(Math.min(6, services), services / 5);
        return Math.min(Vocabulary.TEAMS.size(), teams);
    }

    private static Team team(Vocabulary.TeamTemplate template, Dice dice, long start, long end, int services) {
        List<String> engineers = new ArrayList<>();
        int size = Math.min(30, 4 + services / 2);
        for (int i = 0; i < size; i++) {
            engineers.add(dice.pick(Vocabulary.FIRST_NAMES) + "." + dice.pick(Vocabulary.LAST_NAMES));
        }
        // The seed nudges every team a little so different seeds tell slightly different stories.
        double maturity = template.maturity() + dice.uniform(-0.08, 0.08);
        double trend = template.trendPerYear() + dice.uniform(-0.05, 0.05);
        boolean crunch = template.name().equals(Vocabulary.CRUNCH_TEAM) && end - start >= 30 * Times.DAY;
        long crunchFrom = crunch ? end - 10 * Times.DAY : Long.MAX_VALUE;
        long crunchUntil = crunch ? end + 14 * Times.DAY : Long.MAX_VALUE;
        return new Team(template.name(), maturity, trend, template.utcOffsetHours(), List.copyOf(engineers),
                start, crunchFrom, crunchUntil);
    }

    /** Exact quotas (about 20% tier 1, 35% tier 2) given to the services most critical by team and luck. */
    private static void assignTiers(List<ServiceProfile> services, List<Double> criticality) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -criticality.get(i)).thenComparingInt(i -> i));
        int tier1 = (int) Math.round(services.size() * 0.20);
        int tier2 = (int) Math.round(services.size() * 0.35);
        for (int rank = 0; rank < order.size(); rank++) {
            services.get(order.get(rank)).tier =
                    rank < tier1 ? Tier.TIER_1 : rank < tier1 + tier2 ? Tier.TIER_2 : Tier.TIER_3;
        }
    }

    private static void describe(ServiceProfile s, Dice dice, long start) {
        double m = s.team.maturityAt(start);
        boolean tier1 = s.tier == Tier.TIER_1;
        boolean tier3 = s.tier == Tier.TIER_3;
        String team = s.team.name();
        s.internetFacing = dice.chance(tier1 ? 0.8 : tier3 ? 0.1 : 0.3);
        boolean moneyOrPeople = team.equals("payments") || team.equals("identity") || team.equals("checkout");
        s.regulated = dice.chance(tier1 ? (moneyOrPeople ? 0.7 : 0.2) : tier3 ? 0.02 : (moneyOrPeople ? 0.3 : 0.08));

        s.owner = dice.chance(0.05 + 0.3 * (1 - m) + (tier3 ? 0.1 : 0)) ? null
                : dice.chance(0.5) ? team + "-oncall" : dice.pick(s.team.engineers());
        double noEscalation = s.owner == null ? 0.7 : 0.1 + 0.2 * (1 - m);
        s.escalationPath = dice.chance(noEscalation) ? null
                : dice.chance(0.6) ? "pagerduty:" + team + "-primary" : "slack:#" + team + "-incidents";
        double threatModel = tier1 ? 0.35 + 0.5 * m : tier3 ? 0.05 + 0.15 * m : 0.15 + 0.4 * m;
        double loggingRecovery = tier1 ? 0.4 + 0.5 * m : tier3 ? 0.1 + 0.2 * m : 0.25 + 0.4 * m;
        if (dice.chance(threatModel)) {
            s.attestations.add(Attestation.THREAT_MODEL);
        }
        if (dice.chance(loggingRecovery)) {
            s.attestations.add(Attestation.LOGGING_RECOVERY);
        }

        s.abandoned = tier3 && dice.chance(0.03 + 0.25 * (1 - m));
        s.hasSecurityGate = !s.abandoned && dice.chance(tier1 ? 0.85 + 0.15 * m : 0.65 + 0.33 * m);
        s.usesStaging = dice.chance(0.2 + 0.6 * m);
        s.evidenceBias = dice.uniform(-0.35, 0.1) + (tier1 ? 0.15 : 0) + (s.regulated ? 0.1 : 0);
        double baseCommits = tier1 ? 3.0 : tier3 ? 1.0 : 2.0;
        s.commitsPerDay = baseCommits * dice.logNormal(1, 0.3) * (s.abandoned ? 0.1 : 1);
    }

    private static List<String> repos(String id, Dice dice) {
        List<String> repos = new ArrayList<>();
        repos.add("acme/" + id + "-api");
        if (dice.chance(0.4)) {
            repos.add("acme/" + id + "-worker");
        }
        if (dice.chance(0.3)) {
            repos.add("acme/" + id + "-infra");
        }
        return repos;
    }

    private static String displayName(String id) {
        StringBuilder name = new StringBuilder();
        for (String word : id.split("-")) {
            if (!name.isEmpty()) {
                name.append(' ');
            }
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }
}
