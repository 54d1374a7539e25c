package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The rules every cached token follows, a client's ({@link TokenManager}) or a user's ({@link UserTokens}), in one
 * place: each use of the entry holds its lock ({@link TokenCache#locked}, the wait bounded by the {@link Deadline});
 * a cached token is served until {@code clockSkew} before it expires, then renewed; the cached token is replaced only
 * once a new one is in hand, so an outage does not take a valid token with it ({@code --refresh} included); a token
 * inside the renewal margin but not yet expired is served, with one warning, when its renewal fails; a refusal (exit
 * 4) drops the entry, since what it was got with no longer works. Without a usable cache (none asked for, or one
 * that turned itself off) the run keeps what it has in memory, so a second use in the same run still finds it.
 *
 * @param <T> what an entry holds: an access token, or a user's tokens
 */
abstract class CachedTokenSource<T> implements TokenSource {

    /** The entry's tokens, and whether they were served as cached (then a 401 may mean they were revoked). */
    record Served<T>(T tokens, boolean fromCache) {}

    /** The entry in the token cache, or null for none. */
    private final CacheEntry<T> store;

    final Clock clock;

    final Duration clockSkew;

    final HttpTrace trace;

    /** What this run holds: the entry as last read or saved, or a token the cache could not keep. */
    private T held;

    /** Whether {@link #held} is what the cache holds now: read, or saved, since this use took the lock. */
    private boolean current;

    /** @param store the entry in the token cache, or null for none ({@code --no-cache}) */
    CachedTokenSource(CacheEntry<T> store, Clock clock, Duration clockSkew, HttpTrace trace) {
        this.store = store;
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
    }

    /** Has {@link HttpTrace#redactor()} mask the secrets of {@code tokens}, read from the cache. */
    abstract void mask(T tokens);

    /**
     * New tokens, kept ({@link #keep}) before they are returned. An {@link ExitException} when there are none: exit
     * 4 for a refusal, 3 or 5 for anything else.
     *
     * @param cached what the entry holds (null: nothing), which a renewal may use (a user's refresh token)
     * @param forced renew even though {@code cached} is not due ({@code --refresh}, a 401)
     */
    abstract T renew(T cached, boolean forced, Deadline deadline);

    /** When the token that is served expires; null when nothing said (then it is used for the run only). */
    abstract Instant expiresAt(T tokens);

    /** The token sent to the API. */
    abstract String value(T tokens);

    abstract IssuedToken issued(T tokens, boolean fromCache);

    /**
     * The entry's tokens: the cached ones while they are valid, else new ones (saved).
     *
     * @param refresh new ones even if the cached ones are valid; those stay until the new ones are saved
     * @param deadline the end of the exchange they are for
     */
    final Served<T> serve(boolean refresh, Deadline deadline) {
        return locked(deadline, () -> {
            T cached = held();
            if (!refresh && cached != null && !dueForRenewal(cached)) {
                return new Served<>(cached, true);
            }
            return renewing(cached, refresh, deadline);
        });
    }

    @Override
    public final IssuedToken token(boolean refresh, Deadline deadline) {
        Served<T> served = serve(refresh, deadline);
        return issued(served.tokens(), served.fromCache());
    }

    /**
     * After the API's authorizer refused {@code rejected} with 401: new tokens, unless another run has already
     * replaced the cached ones. The rejected ones are dropped from the cache, even if no new ones can be had.
     */
    @Override
    public final IssuedToken renewAfterRejection(IssuedToken rejected, Deadline deadline) {
        return locked(deadline, () -> {
            T cached = held();
            boolean same = cached != null && value(cached).equals(rejected.value());
            if (cached != null && !same && !dueForRenewal(cached)) {
                return issued(cached, true);
            }
            trace.line("* the API refused the cached token: renewing it");
            try {
                return issued(renew(cached, true, deadline), false);
            } catch (ExitException ex) {
                if (same || ex.getStatus() == ExitCodes.AUTH) {
                    forget();
                }
                throw ex;
            }
        });
    }

    /** Saves {@code tokens} to the cache, and keeps them for the rest of this run. */
    final void keep(T tokens) {
        held = tokens;
        current = true;
        if (store != null) {
            // Not when nothing says how long they live: then they are this run's only.
            store.save(tokens);
        }
    }

    /** Drops the entry: from the cache and from this run. */
    final void forget() {
        held = null;
        current = true;
        if (store != null) {
            store.remove();
        }
    }

    /**
     * The entry as the cache holds it, read once per use of the lock; else what this run has (no cache, or tokens
     * the cache would not keep).
     */
    final T held() {
        if (!current) {
            // Null when there is none that may be used: none, unusable, another's, corrupt, no cache at all.
            T stored = (store == null) ? null : store.load();
            if (stored != null) {
                mask(stored);
                held = stored;
            }
            current = true;
        }
        return held;
    }

    /**
     * Due when the clock is past {@code clockSkew} before expiry: the very test of Spring Security's
     * {@code ClientCredentialsReactiveOAuth2AuthorizedClientProvider}, so that the two never disagree. Tokens without
     * a known expiry are never due: they are this run's, and renewed only when refused or {@code --refresh}.
     */
    final boolean dueForRenewal(T tokens) {
        Instant expiresAt = expiresAt(tokens);
        return expiresAt != null && clock.instant().isAfter(expiresAt.minus(clockSkew));
    }

    /**
     * New tokens, kept; on failure the cached ones stay. They stand in (with a warning) when they have not expired
     * and the renewal was not refused: unreachable, failing, throttled, out of time; never for {@code forced}.
     */
    private Served<T> renewing(T cached, boolean forced, Deadline deadline) {
        Instant expiresAt = (cached == null) ? null : expiresAt(cached);
        boolean standIn = !forced && expiresAt != null && clock.instant().isBefore(expiresAt);
        try {
            // With tokens that can stand in, renewal gets half of the time left: the call they are for needs the rest.
            return new Served<>(renew(cached, forced, standIn ? deadline.share(0.5) : deadline), false);
        } catch (ExitException ex) {
            if (ex.getStatus() == ExitCodes.AUTH) {
                forget();
            } else if (standIn && clock.instant().isBefore(expiresAt)) {
                trace.warning("renewing the token failed (" + ex.getMessage() + "); using the cached one, valid until "
                        + expiresAt);
                return new Served<>(cached, true);
            }
            throw ex;
        }
    }

    private <R> R locked(Deadline deadline, Supplier<R> action) {
        return (store == null) ? fresh(action) : store.locked(deadline, () -> fresh(action));
    }

    /** {@code action} with the entry to be read anew: another run may have replaced it since the last use. */
    private <R> R fresh(Supplier<R> action) {
        current = false;
        return action.get();
    }
}
