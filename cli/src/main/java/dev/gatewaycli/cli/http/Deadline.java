package dev.gatewaycli.cli.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The end of one exchange ({@code --max-time}, as in curl): the read timeout bounds each wait for bytes, this bounds
 * the whole, so a server that trickles a byte a second cannot keep a command (and the cache entry's lock it holds)
 * waiting for good. A command starts one and hands it to every step: waiting for the lock, the token request or the
 * sign-in with its retries, the API call. A wait for a person (a password typed at a prompt) is not the exchange's:
 * {@link #excluding} takes it off this deadline and every one shared from it.
 */
public final class Deadline {

    private final Duration budget;

    private final LongSupplier ticker;

    /** The end on the ticker, before the time taken off it. */
    private final long end;

    /** Nanoseconds taken off, shared by a deadline and those shared from it. */
    private final AtomicLong excluded;

    private Deadline(Duration budget, LongSupplier ticker, long end, AtomicLong excluded) {
        this.budget = Objects.requireNonNull(budget, "budget cannot be null");
        this.ticker = ticker;
        this.end = end;
        this.excluded = excluded;
    }

    /** A deadline {@code budget} from now, on the JVM's monotonic clock. */
    public static Deadline after(Duration budget) {
        return after(budget, System::nanoTime);
    }

    /** A deadline on {@code ticker} (nanoseconds, monotonic): for tests that move time themselves. */
    static Deadline after(Duration budget, LongSupplier ticker) {
        return new Deadline(budget, ticker, ticker.getAsLong() + Math.max(0, budget.toNanos()), new AtomicLong());
    }

    /**
     * A deadline for one step that must leave time for what follows: {@code share} of what is left of this one (its
     * budget, for messages, is that share).
     */
    public Deadline share(double share) {
        long left = (long) (remaining().toNanos() * share);
        return new Deadline(Duration.ofNanos(left), ticker, ticker.getAsLong() + left - excluded.get(), excluded);
    }

    /**
     * {@code wait}'s result; the time it took is taken off this deadline, the one it was shared from and those shared
     * from either: it waited for a person, not for the network.
     */
    public <T> T excluding(Supplier<T> wait) {
        long start = ticker.getAsLong();
        try {
            return wait.get();
        } finally {
            excluded.addAndGet(ticker.getAsLong() - start);
        }
    }

    /** The whole time the exchange was given. */
    public Duration budget() {
        return budget;
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, left()));
    }

    public boolean passed() {
        return left() <= 0;
    }

    private long left() {
        return end + excluded.get() - ticker.getAsLong();
    }

    /** {@code mono}, failing with {@link ExceededException} when it has not finished by the deadline. */
    public <T> Mono<T> bound(Mono<T> mono) {
        return mono.timeout(remaining(), Mono.error(this::exceeded));
    }

    /** The failure when the deadline has passed, for steps that wait outside Reactor. */
    public ExceededException exceeded() {
        return new ExceededException(budget);
    }

    /** {@code 60s}, {@code 500ms}, {@code 2m}: a duration as {@code --max-time} takes it. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return (millis / 60_000) + "m";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + "s";
        }
        return millis + "ms";
    }

    /** The exchange did not finish within {@code --max-time}. */
    public static final class ExceededException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final Duration budget;

        ExceededException(Duration budget) {
            super("not finished within --max-time " + format(budget), null, false, false);
            this.budget = budget;
        }

        public Duration budget() {
            return budget;
        }
    }
}
