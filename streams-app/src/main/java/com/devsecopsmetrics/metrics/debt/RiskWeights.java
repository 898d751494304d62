package com.devsecopsmetrics.metrics.debt;

import com.devsecopsmetrics.events.Exploitability;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The weights of the risk index (DESIGN §4): severity × exploitability × tier. "Not a law of nature", as the
 * seed says, so they are configuration: {@code risk.weights.severity=CRITICAL:5,HIGH:4,MEDIUM:2,LOW:1} and
 * likewise {@code risk.weights.exploitability} and {@code risk.weights.tier}.
 */
public record RiskWeights(Map<Severity, Integer> severity, Map<Exploitability, Integer> exploitability, Map<Tier, Integer> tier) {
    public static final RiskWeights DEFAULT = new RiskWeights(
            parse("risk.weights.severity", "CRITICAL:5,HIGH:4,MEDIUM:2,LOW:1", Severity.class),
            parse("risk.weights.exploitability", "PROVEN:3,LIKELY:3,PLAUSIBLE:2,THEORETICAL:1", Exploitability.class),
            parse("risk.weights.tier", "TIER_1:3,TIER_2:2,TIER_3:1", Tier.class));

    public int of(Severity s, Exploitability e) {
        return severity.get(s) * exploitability.get(e);
    }

    public int of(Tier t) {
        return tier.get(t);
    }

    /** Parses {@code NAME:weight,...}; every symbol of the enum must have a weight. */
    public static <E extends Enum<E>> Map<E, Integer> parse(String key, String value, Class<E> symbols) {
        Map<E, Integer> weights = new EnumMap<>(symbols);
        for (String pair : value.split(",")) {
            String[] kv = pair.trim().split(":");
            try {
                weights.put(Enum.valueOf(symbols, kv[0].trim()), Integer.parseInt(kv[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + ": cannot read '" + pair.trim() + "' (expected NAME:integer)");
            }
        }
        if (weights.size() != symbols.getEnumConstants().length) {
            throw new IllegalArgumentException(key + ": every one of " + Arrays.toString(symbols.getEnumConstants())
                    + " needs a weight");
        }
        return weights;
    }
}
