package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.SignIn;
import dev.gatewaycli.cli.config.SignInTarget;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * A user's tokens for one {@link SignInTarget}, cached across runs like a client's: the cached tokens while they are
 * valid (until {@code clockSkew} before they expire); then new ones for the refresh token ({@code REFRESH_TOKEN_AUTH},
 * no password); and when there is none, or Cognito refuses it, a sign-in with the password ({@code
 * USER_PASSWORD_AUTH}), which only then is read or asked for. Each use holds the entry's lock, so runs started
 * together share one sign-in, and one prompt.
 */
public final class UserTokens implements TokenSource {

    private final SignInTarget target;

    private final SignIn signIn;

    private final UserTokenCache cache;

    private final Clock clock;

    private final Duration clockSkew;

    private final HttpTrace trace;

    /**
     * @param cacheDir the token cache directory, or null for no cache
     * @param warnings where the cache's one warning line goes
     */
    public UserTokens(
            SignInTarget target,
            Path cacheDir,
            Clock clock,
            Duration clockSkew,
            HttpTrace trace,
            Consumer<String> warnings) {
        this.target = Objects.requireNonNull(target, "target cannot be null");
        this.signIn = target.signIn();
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        this.cache = new UserTokenCache(cacheDir, signIn, trace::line, warnings);
        if (signIn.clientSecret() != null) {
            trace.redactor().register(signIn.clientSecret().reveal());
        }
    }

    /**
     * The user's tokens: cached while valid, else refreshed, else signed in with the password.
     *
     * @param refresh new tokens even if the cached ones are valid (through the refresh token when there is one)
     */
    public SignedIn session(boolean refresh) {
        return obtain(refresh, null);
    }

    @Override
    public IssuedToken token(boolean refresh, Deadline deadline) {
        return issued(session(refresh));
    }

    @Override
    public IssuedToken renewAfterRejection(IssuedToken rejected, Deadline deadline) {
        return issued(obtain(false, rejected.value()));
    }

    @SuppressWarnings("try") // the lock is held for the block's duration, never read
    private SignedIn obtain(boolean refresh, String rejected) {
        try (UserTokenCache.Held lock = cache.lock()) {
            Optional<UserSession> cached = cache.read();
            cached.ifPresent(this::register);
            if (cached.isPresent() && !refresh && valid(cached.get())) {
                boolean replaced = rejected == null
                        || !cached.get().token(target.idToken()).equals(rejected);
                if (replaced) {
                    return new SignedIn(cached.get(), true);
                }
                trace.line("* the API refused the cached token of " + signIn.user() + ": renewing it");
            }
            try (CognitoSignIn cognito = new CognitoSignIn(signIn, target.http(), trace)) {
                if (cached.isPresent() && cached.get().refreshToken() != null) {
                    try {
                        UserSession renewed = UserSession.of(
                                cognito.withRefreshToken(
                                        cached.get().refreshToken(),
                                        cached.get().username()),
                                cached.get().refreshToken(),
                                signIn.user(),
                                clock.instant(),
                                signIn.idpUrl());
                        cache.write(renewed);
                        return new SignedIn(renewed, false);
                    } catch (CognitoSignIn.RefreshRefusedException ex) {
                        trace.line("* Cognito refused the refresh token (" + ex.getMessage()
                                + "): signing in with the password");
                        cache.remove();
                    }
                }
                UserSession signedIn;
                try {
                    signedIn = UserSession.of(
                            cognito.withPassword(signIn.password().get()),
                            null,
                            signIn.user(),
                            clock.instant(),
                            signIn.idpUrl());
                } catch (ExitException ex) {
                    if (ex.getStatus() == ExitCodes.AUTH) {
                        // Refused with the password: whatever is cached for this user is no good either.
                        cache.remove();
                    }
                    throw ex;
                }
                cache.write(signedIn);
                return new SignedIn(signedIn, false);
            }
        }
    }

    private boolean valid(UserSession session) {
        return clock.instant().isBefore(session.expiresAt(target.idToken()).minus(clockSkew));
    }

    private void register(UserSession session) {
        trace.redactor().register(session.accessToken());
        trace.redactor().register(session.idToken());
        trace.redactor().register(session.refreshToken());
    }

    private IssuedToken issued(SignedIn signedIn) {
        UserSession session = signedIn.session();
        boolean id = target.idToken();
        OAuth2AccessToken token = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                session.token(id),
                session.issuedAt(),
                session.expiresAt(id),
                new LinkedHashSet<>(session.scopes()));
        return new IssuedToken(token, signedIn.fromCache());
    }

    /** The user's tokens and whether they came from the cache without asking Cognito. */
    public record SignedIn(UserSession session, boolean fromCache) {}
}
