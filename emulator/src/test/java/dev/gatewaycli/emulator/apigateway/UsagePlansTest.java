package dev.gatewaycli.emulator.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.MutableClock;
import dev.gatewaycli.emulator.model.ApiKeyModel;
import dev.gatewaycli.emulator.model.UsagePlanModel;
import dev.gatewaycli.emulator.model.UsagePlanModel.ApiStage;
import dev.gatewaycli.emulator.model.UsagePlanModel.Quota;
import dev.gatewaycli.emulator.model.UsagePlanModel.Throttle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A usage plan's keys, throttle and quota, with a clock the test moves (docs/fidelity.md §6). */
class UsagePlansTest {

    static final ApiKeyModel KEY = new ApiKeyModel("S", "Key", "key", "keyid00001", "value-value-value-value-1", true);
    static final ApiKeyModel DISABLED =
            new ApiKeyModel("S", "Off", "off", "keyid00002", "value-value-value-value-2", false);

    static UsagePlanModel plan(Map<String, Throttle> methods, Optional<Throttle> throttle, Optional<Quota> quota) {
        return new UsagePlanModel(
                "Plan",
                "plan",
                "plan01",
                List.of(new ApiStage("api0000001", "prod", methods)),
                throttle,
                quota,
                List.of(KEY.id(), DISABLED.id()));
    }

    @Test
    void checkWhenTheKeyIsDisabledOrTheStageIsNotThePlansThenInvalid() {
        UsagePlans plans = new UsagePlans(
                List.of(KEY, DISABLED),
                List.of(plan(Map.of(), Optional.empty(), Optional.empty())),
                new MutableClock(Instant.EPOCH));
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/", "GET")).isInstanceOf(UsagePlans.Allowed.class);
        assertThat(plans.check(DISABLED.value(), "api0000001", "prod", "/", "GET"))
                .isEqualTo(new UsagePlans.Denied(GatewayResponses.INVALID_API_KEY));
        assertThat(plans.check(KEY.value(), "api0000001", "beta", "/", "GET"))
                .isEqualTo(new UsagePlans.Denied(GatewayResponses.INVALID_API_KEY));
        assertThat(plans.check(null, "api0000001", "prod", "/", "GET"))
                .isEqualTo(new UsagePlans.Denied(GatewayResponses.INVALID_API_KEY));
    }

    @Test
    void checkWhenTheMethodHasItsOwnThrottleThenItReplacesThePlansForThatMethod() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        UsagePlans plans = new UsagePlans(
                List.of(KEY),
                List.of(plan(
                        Map.of("/items/POST", new Throttle(Optional.of(1.0), Optional.of(1))),
                        Optional.of(new Throttle(Optional.of(100.0), Optional.of(100))),
                        Optional.empty())),
                clock);
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/items", "POST"))
                .isInstanceOf(UsagePlans.Allowed.class);
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/items", "POST"))
                .isEqualTo(new UsagePlans.Denied(GatewayResponses.THROTTLED));
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/items", "GET"))
                .as("the plan's own bucket of 100")
                .isInstanceOf(UsagePlans.Allowed.class);
        clock.advance(Duration.ofMillis(999));
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/items", "POST"))
                .as("not a whole token yet")
                .isEqualTo(new UsagePlans.Denied(GatewayResponses.THROTTLED));
        clock.advance(Duration.ofMillis(1));
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/items", "POST"))
                .isInstanceOf(UsagePlans.Allowed.class);
    }

    @Test
    void checkWhenAThrottledRequestThenItDoesNotCountAgainstTheQuota() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        UsagePlans plans = new UsagePlans(
                List.of(KEY),
                List.of(plan(
                        Map.of(),
                        Optional.of(new Throttle(Optional.of(1.0), Optional.of(1))),
                        Optional.of(new Quota(2, 0, "DAY")))),
                clock);
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/", "GET")).isInstanceOf(UsagePlans.Allowed.class);
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/", "GET"))
                .isEqualTo(new UsagePlans.Denied(GatewayResponses.THROTTLED));
        clock.advance(Duration.ofSeconds(1));
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/", "GET")).isInstanceOf(UsagePlans.Allowed.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(plans.check(KEY.value(), "api0000001", "prod", "/", "GET"))
                .isEqualTo(new UsagePlans.Denied(GatewayResponses.QUOTA_EXCEEDED));
    }

    @Test
    void periodStartWhenWeeksAndMonthsHaveOffsetsThenTheyStartOnThatDay() {
        // 2026-03-04 is a Wednesday.
        Instant wednesday = Instant.parse("2026-03-04T12:00:00Z");
        assertThat(LocalDate.ofEpochDay(UsagePlans.periodStart(new Quota(1, 0, "WEEK"), wednesday)))
                .as("weeks from Sunday")
                .isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(LocalDate.ofEpochDay(UsagePlans.periodStart(new Quota(1, 4, "WEEK"), wednesday)))
                .as("weeks from Thursday")
                .isEqualTo(LocalDate.parse("2026-02-26"));
        assertThat(LocalDate.ofEpochDay(UsagePlans.periodStart(new Quota(1, 0, "MONTH"), wednesday)))
                .isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(LocalDate.ofEpochDay(UsagePlans.periodStart(new Quota(1, 9, "MONTH"), wednesday)))
                .as("months from their 10th day")
                .isEqualTo(LocalDate.parse("2026-02-10"));
        assertThat(LocalDate.ofEpochDay(UsagePlans.periodStart(new Quota(1, 0, "DAY"), wednesday)))
                .isEqualTo(LocalDate.parse("2026-03-04"));
    }
}
