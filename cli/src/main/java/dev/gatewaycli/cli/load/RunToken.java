package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.oauth.IssuedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one token of a load run, as the {@code Authorization} value. Renewed before it expires, in the background
 * and once at a time, while requests keep using the current one (still valid for the clock skew): a token request
 * must never stall the event loop or send a burst of token requests from every connection at once.
 */
final class RunToken implements AutoCloseable {

    private final Supplier<IssuedToken> fetch;

    private final Clock clock;

    private final Duration skew;

    private final boolean bearer;

    private final Consumer<String> warn;

    private final ExecutorService renewer = Executors.newSingleThreadExecutor((r) -> {
        Thread thread = new Thread(r, "gateway-cli-load-token");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean renewing = new AtomicBoolean();

    private final AtomicLong renewals = new AtomicLong();

    private volatile String header;

    private volatile String value;

    private volatile long renewAtMillis;

    /**
     * @param fetch the token manager's {@code token(false)}: the cached token while valid, else a new one
     * @param clock the clock token expiry is judged by (the same the token manager uses)
     * @param skew renew this long before expiry (the token manager's clock skew)
     * @param bearer {@code Bearer <token>} instead of the raw token
     * @param warn where a failed renewal is reported (once per failure, without the token)
     */
    RunToken(Supplier<IssuedToken> fetch, Clock clock, Duration skew, boolean bearer, Consumer<String> warn) {
        this.fetch = Objects.requireNonNull(fetch, "fetch cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.skew = Objects.requireNonNull(skew, "skew cannot be null");
        this.bearer = bearer;
        this.warn = Objects.requireNonNull(warn, "warn cannot be null");
        // The first token in the caller's thread: a refused client fails the command before any load is sent.
        use(fetch.get());
    }

    /** The {@code Authorization} header value; starts a renewal when the token is due. Cheap: called per request. */
    String header() {
        if (clock.millis() >= renewAtMillis && renewing.compareAndSet(false, true)) {
            renewer.execute(this::renew);
        }
        return header;
    }

    /** How many times the token was replaced during the run. */
    long renewals() {
        return renewals.get();
    }

    private void renew() {
        try {
            String before = value;
            use(fetch.get());
            if (!value.equals(before)) {
                renewals.incrementAndGet();
            }
        } catch (RuntimeException ex) {
            // Keep the current token (it may still be valid) and try again in a second; the requests' statuses
            // (401 once it has expired) show the consequence in the report.
            renewAtMillis = clock.millis() + 1000;
            warn.accept("renewing the token failed: " + ex.getMessage());
        } finally {
            renewing.set(false);
        }
    }

    private void use(IssuedToken token) {
        value = token.value();
        header = bearer ? "Bearer " + value : value;
        Instant expiresAt = token.accessToken().getExpiresAt();
        Instant issuedAt = token.accessToken().getIssuedAt();
        if (expiresAt == null) {
            renewAtMillis = Long.MAX_VALUE;
            return;
        }
        // Renew at the clock skew before expiry, as the token manager judges it; a token shorter-lived than twice
        // the skew (only in tests: Cognito's minimum is 5 minutes) at half its life, so renewals cannot run back to
        // back.
        Duration lifetime = (issuedAt == null) ? skew.multipliedBy(2) : Duration.between(issuedAt, expiresAt);
        Duration lead = (lifetime.compareTo(skew.multipliedBy(2)) < 0) ? lifetime.dividedBy(2) : skew;
        long renewAt = expiresAt.minus(lead).toEpochMilli();
        long now = clock.millis();
        // A token that is due the moment it arrives (the token endpoint's clock and ours disagree): try again in a
        // second rather than at once, so a disagreement cannot turn into a storm of token requests.
        renewAtMillis = (renewAt <= now) ? now + 1000 : renewAt;
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
