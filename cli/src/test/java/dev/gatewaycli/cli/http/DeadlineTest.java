package dev.gatewaycli.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The deadline on a ticker the test moves: what is left, when it has passed, a share of it for one step, a wait for a
 * person taken off it.
 */
class DeadlineTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void whatIsLeftShrinksWithTheTickerAndNeverGoesNegative() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(60), nanos::get);

        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(40));
        assertThat(deadline.passed()).isFalse();

        nanos.addAndGet(Duration.ofSeconds(50).toNanos());
        assertThat(deadline.remaining()).isZero();
        assertThat(deadline.passed()).isTrue();
        assertThat(deadline.budget()).as("the messages name what was given").isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aShareIsOfWhatIsLeftAndItsBudgetIsThatShare() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(60), nanos::get);
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());

        Deadline half = deadline.share(0.5);

        assertThat(half.remaining()).isEqualTo(Duration.ofSeconds(20));
        assertThat(half.budget()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aWaitForAPersonIsTakenOffTheDeadlineAndOffEveryOneSharedFromIt() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(60), nanos::get);
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        Deadline half = deadline.share(0.5);

        String typed = half.excluding(() -> {
            nanos.addAndGet(Duration.ofSeconds(90).toNanos()); // someone types a password, slowly
            return "typed";
        });

        assertThat(typed).isEqualTo("typed");
        assertThat(half.remaining()).isEqualTo(Duration.ofSeconds(20));
        assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(40));
        assertThat(deadline.passed()).isFalse();
        assertThat(deadline.share(0.5).remaining()).as("shared after the wait").isEqualTo(Duration.ofSeconds(20));
        nanos.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(deadline.passed()).as("the network's time still counts").isTrue();
    }

    @Test
    void aPassedDeadlineFailsAMonoWithTheBudgetInItsMessage() {
        Deadline deadline = Deadline.after(Duration.ofMillis(1500), nanos::get);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());

        Object failure =
                deadline.<Object>bound(Mono.never()).onErrorResume(Mono::just).block(Duration.ofSeconds(10));

        assertThat(failure).isInstanceOf(Deadline.ExceededException.class);
        assertThat((Throwable) failure).hasMessage("not finished within --max-time 1500ms");
    }

    @Test
    void durationsAreWrittenAsTheOptionTakesThem() {
        assertThat(Deadline.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(Deadline.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Deadline.format(Duration.ofMillis(800))).isEqualTo("800ms");
    }
}
