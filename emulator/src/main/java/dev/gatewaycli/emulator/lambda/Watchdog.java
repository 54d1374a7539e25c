package dev.gatewaycli.emulator.lambda;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that enforces every deadline of an emulator: the functions' own timeouts and API Gateway's integration
 * timeout. A timer per request ({@code CompletableFuture.completeOnTimeout}, {@code Mono.timeout}) costs a scheduled
 * task per request, and the JDK's keeps each one, with the response it can reach, until its delay runs out even when
 * the request finished long before: at 20,000 requests/s and a 60 s function timeout that is a million live tasks.
 * Here a request costs one insertion and one removal in a concurrent set, which holds only what is in flight; the
 * thread scans that set every {@value #TICK_MILLIS} ms, so a deadline fires at most that much late.
 */
public final class Watchdog implements AutoCloseable {

    /** How often the in-flight set is scanned; the precision of every timeout. */
    public static final long TICK_MILLIS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final Set<Deadline> inFlight = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    /** A registered deadline; {@link #cancel()} it when the work finished in time. */
    public final class Deadline {
        private final long dueNanos;
        private final Runnable onExpiry;

        private Deadline(long dueNanos, Runnable onExpiry) {
            this.dueNanos = dueNanos;
            this.onExpiry = onExpiry;
        }

        /** Forgets the deadline; idempotent, and harmless after it fired. */
        public void cancel() {
            inFlight.remove(this);
        }
    }

    public Watchdog(String name) {
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code onExpiry} on the watchdog's thread once {@code timeout} has passed, unless cancelled before. */
    public Deadline after(Duration timeout, Runnable onExpiry) {
        Deadline d = new Deadline(System.nanoTime() + timeout.toNanos(), onExpiry);
        inFlight.add(d);
        return d;
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Deadline d : inFlight) {
                if (now - d.dueNanos >= 0 && inFlight.remove(d)) {
                    try {
                        d.onExpiry.run();
                    } catch (RuntimeException | Error e) {
                        // The callbacks complete futures and log; one failing must not stop every other timeout.
                        LOG.error("A timeout callback failed", e);
                    }
                }
            }
        }
    }

    /** How many deadlines are pending (the requests in flight). */
    public int pending() {
        return inFlight.size();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        inFlight.clear();
    }
}
