package dev.gatewaycli.emulator.apigateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The token bucket API Gateway throttles with (developer guide, "Throttle requests to your REST APIs"): it holds up to
 * {@code burst} tokens, refills at {@code rate} tokens a second, and a request takes one or is throttled. Without a
 * rate nothing is throttled; without a burst the bucket holds one second of the rate (at least one token).
 */
final class TokenBucket {

    private final double rate;
    private final double capacity;
    private double tokens;
    private Instant last;

    private TokenBucket(double rate, double capacity, Instant now) {
        this.rate = rate;
        this.capacity = capacity;
        this.tokens = capacity;
        this.last = now;
    }

    /** A bucket for {@code rate} and {@code burst}; null when nothing is to be throttled. */
    static TokenBucket of(Optional<Double> rate, Optional<Integer> burst, Instant now) {
        if (rate.isEmpty()) {
            return null;
        }
        double capacity = burst.map(b -> (double) b).orElse(Math.max(1, Math.ceil(rate.get())));
        return new TokenBucket(rate.get(), capacity, now);
    }

    /** Takes a token at {@code now}; false when there is none (the request is throttled). */
    synchronized boolean tryAcquire(Instant now) {
        if (now.isAfter(last)) {
            double seconds = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + seconds * rate);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
