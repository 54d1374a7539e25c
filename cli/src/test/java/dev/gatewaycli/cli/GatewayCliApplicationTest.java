package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code main} returns instead of calling {@code System.exit} only when the JVM then ends at once: a thread that is no
 * daemon would keep it running after {@code main} returned.
 */
class GatewayCliApplicationTest {

    @Test
    void onlyDaemonsLeftWhenAThreadThatIsNoDaemonRunsThenFalseAndWhenItEndedThenAsBefore() throws InterruptedException {
        boolean before = GatewayCliApplication.onlyDaemonsLeft();
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = parked(release, false);
        try {
            assertThat(GatewayCliApplication.onlyDaemonsLeft())
                    .as("a live thread that is no daemon would keep the JVM up after main returned")
                    .isFalse();
        } finally {
            release.countDown();
            worker.join();
        }
        assertThat(GatewayCliApplication.onlyDaemonsLeft())
                .as("once that thread ended, the answer is what it was before it started")
                .isEqualTo(before);
    }

    @Test
    void onlyDaemonsLeftWhenOnlyADaemonThreadIsAddedThenAsBefore() throws InterruptedException {
        boolean before = GatewayCliApplication.onlyDaemonsLeft();
        CountDownLatch release = new CountDownLatch(1);
        Thread daemon = parked(release, true);
        try {
            assertThat(GatewayCliApplication.onlyDaemonsLeft())
                    .as("a daemon thread does not keep the JVM up")
                    .isEqualTo(before);
        } finally {
            release.countDown();
            daemon.join();
        }
    }

    /** A started thread, a daemon or not, that runs until {@code release} is counted down. */
    private static Thread parked(CountDownLatch release, boolean daemon) {
        Thread thread = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        thread.setDaemon(daemon);
        thread.start();
        return thread;
    }
}
