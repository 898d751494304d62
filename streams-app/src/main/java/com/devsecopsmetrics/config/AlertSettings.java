package com.devsecopsmetrics.config;

import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.metrics.debt.RiskWeights;

import java.time.Duration;
import java.util.Map;

/**
 * The alert rules' thresholds (DESIGN §6), from configuration.
 *
 * @param recentDays   days of the recent bypass window ({@code alerts.bypass.recent.days}, 7)
 * @param baselineDays days of the baseline window just before it ({@code alerts.bypass.baseline.days}, 28)
 * @param rateRatio    the recent rate must be at least this multiple of the baseline rate ({@code alerts.bypass.rate.ratio}, 2)
 * @param minBypasses  and the recent window must hold at least this many bypasses ({@code alerts.bypass.min.count}, 3)
 * @param slaDays      days a finding may stay open, per severity ({@code sla.days})
 * @param coverageDrop tier-1 practice coverage drop that alerts, as a fraction ({@code alerts.coverage.drop}, 0.05)
 * @param coverageDays the drop is measured against the coverage this many days earlier ({@code alerts.coverage.days}, 7)
 * @param lookbackDays the snapshot's practice lookback ({@code coverage.lookback.days})
 * @param partitions   partitions of the input topics: an evaluation waits until every one has reported
 * @param refreshInterval how often a partition reports its completed day again, for late events ({@code alerts.refresh.ms}, 60000)
 */
public record AlertSettings(int recentDays, int baselineDays, double rateRatio, long minBypasses, Map<Severity, Integer> slaDays,
                            double coverageDrop, int coverageDays, int lookbackDays, int partitions,
                            Duration refreshInterval) {
    public static final String BYPASS_RECENT_DAYS = "alerts.bypass.recent.days";
    public static final String BYPASS_BASELINE_DAYS = "alerts.bypass.baseline.days";
    public static final String BYPASS_RATE_RATIO = "alerts.bypass.rate.ratio";
    public static final String BYPASS_MIN_COUNT = "alerts.bypass.min.count";
    public static final String SLA_DAYS = DsmConfig.FINDING_SLA_DAYS;
    public static final String COVERAGE_DROP = "alerts.coverage.drop";
    public static final String COVERAGE_DAYS = "alerts.coverage.days";
    public static final String REFRESH_MS = "alerts.refresh.ms";


    public AlertSettings {
        if (recentDays < 1 || baselineDays < 1 || coverageDays < 1) {
            throw new IllegalArgumentException(BYPASS_RECENT_DAYS + ", " + BYPASS_BASELINE_DAYS + " and " + COVERAGE_DAYS + " must be at least 1");
        }
        if (rateRatio <= 0 || coverageDrop <= 0) {
            throw new IllegalArgumentException(BYPASS_RATE_RATIO + " and " + COVERAGE_DROP + " must be positive");
        }
    }

    public static AlertSettings from(DsmConfig config) {
        return new AlertSettings(config.getInt(BYPASS_RECENT_DAYS), config.getInt(BYPASS_BASELINE_DAYS),
                number(config, BYPASS_RATE_RATIO), config.getInt(BYPASS_MIN_COUNT),
                RiskWeights.parse(SLA_DAYS, config.get(SLA_DAYS), Severity.class),
                number(config, COVERAGE_DROP), config.getInt(COVERAGE_DAYS), config.getInt(DsmConfig.LOOKBACK_DAYS),
                config.getInt(DsmConfig.TOPIC_PARTITIONS), Duration.ofMillis(config.getInt(REFRESH_MS)));
    }

    /** Days of gate history a partition report carries: both windows plus slack for partitions a week apart in stream time. */
    public int reportedDays() {
        return recentDays + baselineDays + 7;
    }

    private static double number(DsmConfig config, String key) {
        try {
            return Double.parseDouble(config.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key " + key + " must be a number, got '" + config.get(key) + "'");
        }
    }
}
