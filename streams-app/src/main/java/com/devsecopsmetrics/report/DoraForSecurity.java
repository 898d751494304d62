package com.devsecopsmetrics.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.devsecopsmetrics.report.Figures.one;
import static com.devsecopsmetrics.report.Figures.percent;
import static com.devsecopsmetrics.report.PatternVerdicts.figures;

/** The seed's "What a security team should do with DORA": each question answered from the month's figures. */
public final class DoraForSecurity {
    /** Security wait above this share of merge-to-production time reads as queue time rather than useful friction. */
    static final double QUEUE_SHARE = 0.25;
    static final int TOP_SERVICES = 3;

    public record Answer(String question, String answer, Map<String, Object> figures) {
    }

    private DoraForSecurity() {
    }

    public static List<Answer> of(ReportInputs in) {
        return List.of(friction(in), remediationInHours(in), failureConcentration(in), recoveryAndOwnership(in));
    }

    static Answer friction(ReportInputs in) {
        var sec = in.org().current().security();
        Double share = sec.securityWaitShare();
        Double before = in.org().previous().security().securityWaitShare();
        Double waitP50 = sec.securityWaitMinutesP50();
        long secFailed = in.org().current().dora().securityFailedDeployments();
        long secFailedBefore = in.org().previous().dora().securityFailedDeployments();
        String answer;
        if (share == null) {
            answer = "No release reported both its security wait and its pipeline time, so security friction cannot be told apart from pipeline delay.";
        } else {
            answer = "Security gates and reviews took " + percent(share) + " of merge-to-production time (" + percent(before)
                    + " the month before; median wait " + one(waitP50) + " minutes a release), and " + secFailed
                    + " releases failed for security reasons (" + secFailedBefore + " the month before). "
                    // Security-caused failures out of a handful of deployments rise or fall by chance: no reading then.
                    + (in.low(in.org(), SampleSizes::deployments)
                    ? "Low sample: " + LowSamples.tooFew(in.org().current().samples().deployments(), "deployments this month", in)
                    + " whether that is queue time or useful friction."
                    : share >= QUEUE_SHARE && secFailed >= secFailedBefore
                    ? "That reads as queue time: a large share of the pipeline without fewer security-caused failures."
                    : share >= QUEUE_SHARE
                    ? "The wait is large, but security-caused failures fell: the friction is paying for itself, for now."
                    : "The wait is a modest share of the pipeline: useful friction rather than hidden queue time.");
        }
        return new Answer("Do security checks create useful friction or just hidden queue time?", answer,
                figures("security_wait_share", share, "previous_security_wait_share", before, "security_wait_minutes_p50", waitP50,
                        "security_failed_deployments", secFailed, "previous_security_failed_deployments", secFailedBefore,
                        "queue_share_threshold", QUEUE_SHARE));
    }

    static Answer remediationInHours(ReportInputs in) {
        var dora = in.org().current().dora();
        Double p50 = dora.leadTimeHoursP50();
        Double p90 = dora.leadTimeHoursP90();
        Double remediation = in.org().current().security().exploitableRemediationDaysP50();
        Double securityHotfixShare = in.org().current().security().securityHotfixShare();
        long samples = dora.leadTimeSamples();
        String answer = p50 == null
                ? "No commit reached production this month, so there is no lead time to judge by."
                : in.low(samples) ? "A change reached production in " + one(p50) + " hours at the median, but from "
                + LowSamples.tooFew(samples, "changes with a lead time", in) + " whether a remediation ships in hours."
                : "A change reaches production in " + one(p50) + " hours at the median and " + one(p90) + " hours at the 90th percentile, "
                + (p90 != null && p90 < 24 ? "so a remediation ships in hours through the normal pipeline"
                : p50 < 24 ? "so most remediations can ship in hours, but one in ten waits longer"
                : "so a remediation takes days, not hours")
                + "; exploitable findings were fixed in " + one(remediation) + " days at the median.";
        return new Answer("Can the team ship a remediation in hours or does it still need a special release ceremony?", answer,
                figures("lead_time_hours_p50", p50, "lead_time_hours_p90", p90, "exploitable_remediation_days_p50", remediation,
                        "security_hotfix_share", securityHotfixShare, "lead_time_samples", samples));
    }

    static Answer failureConcentration(ReportInputs in) {
        long total = in.services().stream().mapToLong(ReportInputs.Failures::securityFailed).sum();
        List<ReportInputs.Failures> top = in.services().stream().limit(TOP_SERVICES).toList();
        long inTop = top.stream().mapToLong(ReportInputs.Failures::securityFailed).sum();
        List<String> teams = new ArrayList<>();
        in.teams().stream().filter(t -> t.securityFailed() > 0).forEach(t -> teams.add(t.scope() + " " + t.securityFailed()));
        String answer = total == 0
                ? "No release failed for security reasons this month."
                : total + " releases failed for security reasons; the top " + top.size() + " services account for "
                + percent(inTop / (double) total) + " of them (" + String.join(", ",
                top.stream().map(f -> f.scope() + " " + f.securityFailed()).toList()) + "). By team: " + String.join(", ", teams) + ".";
        return new Answer("Are security-related breakages concentrated in a few services, modules, or teams?", answer,
                figures("security_failed_deployments", total, "top_services_share", total == 0 ? null : inTop / (double) total,
                        "services", in.services(), "teams", in.teams()));
    }

    static Answer recoveryAndOwnership(ReportInputs in) {
        var o = in.ownership();
        Double owned = o.withOwner().timeToRestoreHoursP50();
        Double unowned = o.withoutOwner().timeToRestoreHoursP50();
        long ownedIncidents = o.withOwner().incidentsResolved();
        long unownedIncidents = o.withoutOwner().incidentsResolved();
        String answer;
        if (owned != null && unowned != null && (in.low(ownedIncidents) || in.low(unownedIncidents))) {
            // A comparison of 3 incidents with 7 says nothing about ownership: state the counts, draw no conclusion.
            answer = "Too few resolved incidents to compare recovery by ownership: " + ownedIncidents + " in services with an owner and "
                    + "escalation path (median " + one(owned) + " hours), " + unownedIncidents + " in services without (median "
                    + one(unowned) + " hours); at least " + in.minSample() + " on each side are needed.";
        } else if (owned == null || unowned == null) {
            answer = "Not enough resolved incidents on both sides to compare: " + ownedIncidents + " in services with an owner and escalation path, "
                    + unownedIncidents + " in services without.";
        } else {
            answer = "Services without an owner and escalation path restored service in " + one(unowned) + " hours at the median ("
                    + unownedIncidents + " incidents), against " + one(owned) + " hours where ownership is defined (" + ownedIncidents
                    + " incidents): recovery is " + (unowned > owned * (1 + PatternVerdicts.CHANGE) ? "slower"
                    : unowned < owned * (1 - PatternVerdicts.CHANGE) ? "faster" : "about as fast") + " where ownership is missing.";
        }
        return new Answer("Is recovery limited by release process, by missing observability, or by poor ownership?", answer,
                figures("time_to_restore_hours_p50_with_owner", owned, "incidents_with_owner", ownedIncidents,
                        "services_with_owner", o.servicesWithOwner(), "time_to_restore_hours_p50_without_owner", unowned,
                        "incidents_without_owner", unownedIncidents, "services_without_owner", o.servicesWithoutOwner()));
    }
}
