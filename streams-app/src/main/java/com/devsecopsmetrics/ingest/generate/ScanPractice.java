package com.devsecopsmetrics.ingest.generate;

import com.devsecopsmetrics.events.ScanType;
import com.devsecopsmetrics.events.Tier;
import java.util.ArrayList;
import java.util.List;

/**
 * One kind of scan as one service practises it: which scanner, how often, and when it is in place.
 * Services differ on purpose: tier-1 services of mature teams scan nearly everything, some tier-3
 * services scan almost nothing, some practices are onboarded during the period and some lapse
 * (temporarily or for good), so coverage is below 100% and moves over time.
 */
record ScanPractice(ScanType type, String scanner, double scansPerDay, long activeFrom, long lapseFrom, long lapseUntil) {

    boolean activeAt(long at) {
        return at >= activeFrom && (at < lapseFrom || at >= lapseUntil);
    }

    static List<ScanPractice> adoptedBy(ServiceProfile service, Dice dice, long start, long end) {
        double m = service.team.maturityAt(start);
        boolean improving = service.team.trendPerYear() > 0.1;
        double tierFactor = switch (service.tier) {
            case TIER_1 -> 1.0;
            case TIER_2 -> 0.85;
            case TIER_3 -> 0.55;
        };
        long span = Math.max(Times.DAY, end - start);
        List<ScanPractice> practices = new ArrayList<>();
        for (ScanType type : ScanType.values()) {
            String scanner = Vocabulary.scannerFor(type, dice);
            double adoption = Math.min(0.98, baseAdoption(type, service) * tierFactor * (0.5 + 0.5 * m)
                    + (service.tier == Tier.TIER_1 ? 0.1 : 0)) * (service.abandoned ? 0.1 : 1);
            long activeFrom;
            if (dice.chance(adoption)) {
                activeFrom = start;
            } else if (dice.chance(Math.min(0.8, 0.25 * (improving ? 2 : 1) * (service.tier == Tier.TIER_1 ? 1.5 : 1)))) {
                activeFrom = start + (long) dice.uniform(0, span); // onboarded during the period
            } else {
                continue; // never practised
            }
            long lapseFrom = Long.MAX_VALUE;
            long lapseUntil = Long.MAX_VALUE;
            if (dice.chance(0.12 + 0.1 * (1 - m))) {
                lapseFrom = activeFrom + (long) dice.uniform(0, span);
                lapseUntil = dice.chance(0.4) ? Long.MAX_VALUE : lapseFrom + (long) (dice.uniform(7, 60) * Times.DAY);
            }
            double perDay = baseScansPerDay(type) * (0.6 + 0.6 * m);
            practices.add(new ScanPractice(type, scanner, perDay, activeFrom, lapseFrom, lapseUntil));
        }
        return practices;
    }

    private static double baseAdoption(ScanType type, ServiceProfile service) {
        return switch (type) {
            case SAST -> 0.85;
            case SECRETS -> 0.9;
            case SCA -> 0.85;
            case SBOM -> 0.55;
            case IMAGE -> 0.7;
            case IAC -> service.repos.stream().anyMatch(r -> r.endsWith("-infra")) ? 0.8 : 0.4;
            case DAST -> service.internetFacing ? 0.6 : 0.04;
            case API_LINT -> service.internetFacing ? 0.65 : 0.08;
        };
    }

    private static double baseScansPerDay(ScanType type) {
        return switch (type) {
            case SAST -> 0.6;
            case SECRETS -> 1.0;
            case SCA -> 0.4;
            case SBOM -> 0.2;
            case IMAGE -> 0.35;
            case IAC, API_LINT -> 0.2;
            case DAST -> 0.15;
        };
    }

    /** Mean new findings per completed scan, before the team's maturity is applied. */
    double intakePerScan() {
        return switch (type) {
            case SAST, IAC -> 0.15;
            case SECRETS -> 0.015;
            case SCA -> 0.25;
            case SBOM -> 0.03;
            case IMAGE -> 0.3;
            case DAST, API_LINT -> 0.1;
        };
    }
}
