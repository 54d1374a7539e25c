package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one timer of an emulator: a deadline fires unless cancelled, and a cancelled one is not kept. */
@Timeout(30)
class WatchdogTest {

    @Test
    void afterWhenNotCancelledThenFiresOnce() throws InterruptedException {
        try (Watchdog watchdog = new Watchdog("test-watchdog")) {
            CountDownLatch fired = new CountDownLatch(1);
            watchdog.after(Duration.ofMillis(20), fired::countDown);
            assertThat(fired.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(watchdog.pending()).isZero();
        }
    }

    @Test
    void cancelWhenWorkFinishedInTimeThenNeverFiresAndNothingIsPending() throws InterruptedException {
        try (Watchdog watchdog = new Watchdog("test-watchdog")) {
            AtomicBoolean cancelledFired = new AtomicBoolean();
            Watchdog.Deadline d = watchdog.after(Duration.ofMillis(30), () -> cancelledFired.set(true));
            assertThat(watchdog.pending()).isEqualTo(1);
            d.cancel();
            d.cancel();
            assertThat(watchdog.pending()).as("cancel is idempotent").isZero();
            // A later deadline fires only after the cancelled one would have: when it has, the first stayed silent.
            CountDownLatch later = new CountDownLatch(1);
            watchdog.after(Duration.ofMillis(60), later::countDown);
            assertThat(later.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelledFired).isFalse();
        }
    }

    @Test
    void afterWhenCallbackThrowsThenOtherDeadlinesStillFire() throws InterruptedException {
        try (Watchdog watchdog = new Watchdog("test-watchdog")) {
            watchdog.after(Duration.ofMillis(10), () -> {
                throw new IllegalStateException("a broken callback");
            });
            CountDownLatch fired = new CountDownLatch(1);
            watchdog.after(Duration.ofMillis(40), fired::countDown);
            assertThat(fired.await(20, TimeUnit.SECONDS)).isTrue();
        }
    }
}
