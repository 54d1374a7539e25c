package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.model.ApiKeyModel;
import dev.gatewaycli.emulator.model.UsagePlanModel;
import dev.gatewaycli.emulator.model.UsagePlanModel.Quota;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys and usage plans, for every API of the emulator (a plan spans APIs). A method that requires a key gets a
 * valid one only when the key exists, is enabled and is in a usage plan that includes the method's API stage
 * (developer guide, "Choose an API key source": otherwise {@code 403 Forbidden}). The plan's throttle is a token
 * bucket per key (a method's own throttle in the plan's stage replaces it for that method) and its quota a count per
 * key and period, both across the plan's stages ("Usage plans and API keys").
 */
public final class UsagePlans {

    /** What the plan says of one request. */
    sealed interface Outcome {}

    record Allowed(ApiKeyModel key) implements Outcome {}

    record Denied(GatewayResponses response) implements Outcome {}

    private static final Denied INVALID = new Denied(GatewayResponses.INVALID_API_KEY);
    private static final Denied THROTTLED = new Denied(GatewayResponses.THROTTLED);
    private static final Denied QUOTA = new Denied(GatewayResponses.QUOTA_EXCEEDED);

    private final Map<String, ApiKeyModel> keysByValue = new HashMap<>();
    private final List<UsagePlanModel> plans;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, long[]> quotas = new ConcurrentHashMap<>();

    public UsagePlans(List<ApiKeyModel> keys, List<UsagePlanModel> plans, Clock clock) {
        for (ApiKeyModel key : keys) {
            if (key.enabled()) {
                keysByValue.put(key.value(), key);
            }
        }
        this.plans = List.copyOf(plans);
        this.clock = clock;
    }

    /**
     * The key {@code value} for {@code <method> <resourcePath>} of the stage {@code stage} of API {@code apiId}: valid
     * and within its plan's throttle and quota, or the gateway response that refuses it.
     */
    Outcome check(String value, String apiId, String stage, String resourcePath, String httpMethod) {
        ApiKeyModel key = value == null ? null : keysByValue.get(value);
        if (key == null) {
            return INVALID;
        }
        for (UsagePlanModel plan : plans) {
            if (!plan.keyIds().contains(key.id())) {
                continue;
            }
            for (UsagePlanModel.ApiStage apiStage : plan.apiStages()) {
                if (apiStage.apiId().equals(apiId) && apiStage.stage().equals(stage)) {
                    return withinLimits(plan, apiStage, key, resourcePath + "/" + httpMethod);
                }
            }
        }
        return INVALID;
    }

    private Outcome withinLimits(UsagePlanModel plan, UsagePlanModel.ApiStage stage, ApiKeyModel key, String method) {
        Instant now = clock.instant();
        long[] used = null;
        long period = 0;
        if (plan.quota().isPresent()) {
            Quota quota = plan.quota().get();
            period = periodStart(quota, now);
            used = quotas.computeIfAbsent(plan.id() + " " + key.id(), k -> new long[2]);
            synchronized (used) {
                if (used[0] != period) {
                    used[0] = period;
                    used[1] = 0;
                }
                if (used[1] >= quota.limit()) {
                    return QUOTA;
                }
            }
        }
        UsagePlanModel.Throttle throttle = stage.methodThrottle().get(method);
        String bucketKey = plan.id() + " " + key.id() + (throttle == null ? "" : " " + stage.stage() + " " + method);
        if (throttle == null) {
            throttle = plan.throttle().orElse(null);
        }
        if (throttle != null) {
            UsagePlanModel.Throttle t = throttle;
            TokenBucket bucket = buckets.computeIfAbsent(bucketKey, k -> {
                TokenBucket b = TokenBucket.of(t.rateLimit(), t.burstLimit(), now);
                return b == null ? UNLIMITED : b;
            });
            if (bucket != UNLIMITED && !bucket.tryAcquire(now)) {
                return THROTTLED;
            }
        }
        if (used != null) {
            synchronized (used) {
                if (used[0] != period) {
                    used[0] = period;
                    used[1] = 0;
                }
                used[1]++;
            }
        }
        return new Allowed(key);
    }

    private static final TokenBucket UNLIMITED = TokenBucket.of(
            java.util.Optional.of(Double.MAX_VALUE), java.util.Optional.of(Integer.MAX_VALUE), Instant.EPOCH);

    /**
     * The start (epoch day) of the quota period {@code now} falls in, in UTC: the day; the week from the weekday
     * {@code Offset} (0 is Sunday); the month from its day {@code Offset + 1}.
     */
    static long periodStart(Quota quota, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (quota.period()) {
            case "WEEK" -> {
                DayOfWeek first = DayOfWeek.SUNDAY.plus(quota.offset());
                yield today.with(TemporalAdjusters.previousOrSame(first)).toEpochDay();
            }
            case "MONTH" -> {
                LocalDate start = today.withDayOfMonth(quota.offset() + 1);
                yield (start.isAfter(today) ? start.minusMonths(1) : start).toEpochDay();
            }
            default -> today.toEpochDay();
        };
    }
}
