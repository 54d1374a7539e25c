package dev.gatewaycli.emulator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::ApiGateway::UsagePlan} with the keys its {@code AWS::ApiGateway::UsagePlanKey}s add.
 *
 * @param logicalId the template's logical id
 * @param name      {@code UsagePlanName}
 * @param id        the emulated plan id
 * @param apiStages {@code ApiStages}: the API stages the plan's keys may call
 * @param throttle  {@code Throttle}: a token bucket per key, across the plan's stages
 * @param quota     {@code Quota}: requests per key and period, across the plan's stages
 * @param keyIds    the ids of the plan's API keys
 */
public record UsagePlanModel(
        String logicalId,
        String name,
        String id,
        List<ApiStage> apiStages,
        Optional<Throttle> throttle,
        Optional<Quota> quota,
        List<String> keyIds) {

    public UsagePlanModel {
        apiStages = List.copyOf(apiStages);
        keyIds = List.copyOf(keyIds);
    }

    /**
     * One of {@code ApiStages}.
     *
     * @param apiId          {@code ApiId}
     * @param stage          {@code Stage}
     * @param methodThrottle {@code Throttle} by {@code <resource path>/<HTTP method>} ({@code /items/GET}), overriding
     *                       the plan's throttle for that method
     */
    public record ApiStage(String apiId, String stage, Map<String, Throttle> methodThrottle) {

        public ApiStage {
            methodThrottle = Collections.unmodifiableMap(new LinkedHashMap<>(methodThrottle));
        }
    }

    /**
     * {@code RateLimit} (requests a second, the bucket's refill) and {@code BurstLimit} (its size); either may be
     * absent.
     */
    public record Throttle(Optional<Double> rateLimit, Optional<Integer> burstLimit) {}

    /**
     * {@code Limit} requests per {@code Period} ({@code DAY}, {@code WEEK}, {@code MONTH}), the period starting
     * {@code Offset} days (weekday of a week, from Sunday; day of a month) into the calendar period, in UTC.
     */
    public record Quota(int limit, int offset, String period) {}
}
