package dev.gatewaycli.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The intervals the charts draw, on a clock the test moves: every real one listed, an empty sliver at the end not. */
class LoadMetricsTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void finishWhenTheLastIntervalIsAnEmptySliverThenItIsNotListed() {
        LoadMetrics metrics = new LoadMetrics(0);
        metrics.response(200, 5_000_000);
        metrics.sample(SECOND);
        metrics.response(200, 7_000_000);
        metrics.sample(2 * SECOND);

        metrics.finish(2 * SECOND + 1_000, SECOND);

        assertThat(metrics.intervals())
                .hasSize(2)
                .allSatisfy(i -> assertThat(i.responses()).isEqualTo(1));
        assertThat(metrics.total().getTotalCount()).isEqualTo(2);
    }

    @Test
    void finishWhenTheTickerClosedAnIntervalAfterTheLastAnswerThenNothingNegativeIsListed() {
        LoadMetrics metrics = new LoadMetrics(0);
        metrics.response(200, 5_000_000);
        metrics.sample(SECOND);

        metrics.finish(SECOND - 1_000, SECOND);

        assertThat(metrics.intervals()).hasSize(1);
        assertThat(metrics.intervals().get(0).seconds()).isPositive();
    }

    @Test
    void finishWhenTheLastPartialIntervalHasAnswersOrErrorsThenItIsListed() {
        LoadMetrics answers = new LoadMetrics(0);
        answers.sample(SECOND);
        answers.response(200, 5_000_000);
        answers.finish(SECOND + SECOND / 10, SECOND);
        LoadMetrics errors = new LoadMetrics(0);
        errors.sample(SECOND);
        errors.error(ErrorClass.timeout);
        errors.finish(SECOND + SECOND / 10, SECOND);

        assertThat(answers.intervals()).hasSize(2);
        assertThat(answers.intervals().get(1).responses()).isEqualTo(1);
        assertThat(errors.intervals()).hasSize(2);
        assertThat(errors.intervals().get(1).errors()).isEqualTo(1);
    }

    @Test
    void finishWhenAWholeIntervalPassedWithoutAnswersThenTheStallIsListed() {
        LoadMetrics metrics = new LoadMetrics(0);
        metrics.response(200, 5_000_000);
        metrics.sample(SECOND);

        metrics.finish(2 * SECOND, SECOND);

        assertThat(metrics.intervals()).hasSize(2);
        assertThat(metrics.intervals().get(1).responses()).isZero();
    }
}
