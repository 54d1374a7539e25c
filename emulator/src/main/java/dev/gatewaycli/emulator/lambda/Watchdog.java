package dev.gatewaycli.emulator.lambda;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every deadline of an emulator on one timer thread: the functions' own timeouts and API Gateway's integration timeout.
 * It is Netty's {@link HashedWheelTimer}: arming a deadline is one queue insertion and cancelling it another, and a
 * cancelled deadline leaves the wheel at the next tick, so a request that finished in time holds nothing for the rest
 * of its timeout (the JDK's scheduled executor keeps every cancelled task, and the response it reaches, until its delay
 * runs out: at 20,000 requests/s and a 60 s timeout, a million live tasks). Deadlines fire on the timer's thread, at
 * most one tick ({@value #TICK_MILLIS} ms) late.
 */
public final class Watchdog implements AutoCloseable {

    /** The wheel's tick: the precision of every timeout. */
    public static final long TICK_MILLIS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final HashedWheelTimer timer;
    private final AtomicInteger pending = new AtomicInteger();

    /** A registered deadline; {@link #cancel()} it when the work finished in time. */
    public static final class Deadline {
        private final Timeout timeout;
        private final AtomicInteger pending;

        private Deadline(Timeout timeout, AtomicInteger pending) {
            this.timeout = timeout;
            this.pending = pending;
        }

        /** Forgets the deadline; idempotent, and harmless after it fired. */
        public void cancel() {
            if (timeout.cancel()) {
                pending.decrementAndGet();
            }
        }
    }

    public Watchdog(String name) {
        this.timer = new HashedWheelTimer(
                runnable -> {
                    Thread t = new Thread(runnable, name);
                    t.setDaemon(true);
                    return t;
                },
                TICK_MILLIS,
                TimeUnit.MILLISECONDS,
                512);
    }

    /** Runs {@code onExpiry} on the watchdog's thread once {@code timeout} has passed, unless cancelled before. */
    public Deadline after(Duration timeout, Runnable onExpiry) {
        pending.incrementAndGet();
        Timeout t = timer.newTimeout(
                expired -> {
                    pending.decrementAndGet();
                    try {
                        onExpiry.run();
                    } catch (RuntimeException | Error e) {
                        // The callbacks complete futures and log; one failing must not stop every other timeout.
                        LOG.error("A timeout callback failed", e);
                    }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        return new Deadline(t, pending);
    }

    /** How many deadlines are armed (the requests in flight). */
    public int pending() {
        return pending.get();
    }

    @Override
    public void close() {
        timer.stop();
        pending.set(0);
    }
}
