package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.Secret;
import dev.gatewaycli.cli.config.SignIn;
import dev.gatewaycli.cli.config.SignInTarget;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * A user's tokens for one {@link SignInTarget}, cached across runs by the rules client tokens follow
 * ({@link CachedTokenSource}: the entry's lock, renewal before expiry, the cached tokens kept until new ones are
 * saved and served inside the margin when renewal fails, a refusal dropping them). Renewal is a refresh with the
 * refresh token ({@code REFRESH_TOKEN_AUTH}, no password) when there is one; when there is none, or Cognito refuses
 * it, a sign-in with the password ({@code USER_PASSWORD_AUTH}), which only then is read or asked for. Runs started
 * together share one sign-in, and one prompt.
 */
public final class UserTokens extends CachedTokenSource<UserSession> {

    private final SignInTarget target;

    private final SignIn signIn;

    /** @param cacheDir the token cache directory, or null for no cache */
    public UserTokens(SignInTarget target, Path cacheDir, Clock clock, Duration clockSkew, HttpTrace trace) {
        this(target, (cacheDir == null) ? null : new TokenCache(cacheDir, trace), clock, clockSkew, trace);
    }

    private UserTokens(SignInTarget target, TokenCache cache, Clock clock, Duration clockSkew, HttpTrace trace) {
        super(
                (cache == null) ? null : new UserTokenStore(cache, target.signIn(), trace::line),
                clock,
                clockSkew,
                trace);
        this.target = target;
        this.signIn = target.signIn();
        if (signIn.clientSecret() != null) {
            trace.redactor().register(signIn.clientSecret().reveal());
        }
    }

    /**
     * The user's tokens: cached while valid, else refreshed, else signed in with the password.
     *
     * @param refresh new tokens even if the cached ones are valid (through the refresh token when there is one)
     */
    Served<UserSession> session(boolean refresh, Deadline deadline) {
        return serve(refresh, deadline);
    }

    @Override
    void mask(UserSession session) {
        trace.redactor().register(session.accessToken());
        trace.redactor().register(session.idToken());
        trace.redactor().register(session.refreshToken());
    }

    @Override
    Instant expiresAt(UserSession session) {
        return session.expiresAt(target.idToken());
    }

    @Override
    String value(UserSession session) {
        return session.token(target.idToken());
    }

    @Override
    IssuedToken issued(UserSession session, boolean fromCache) {
        boolean id = target.idToken();
        OAuth2AccessToken token = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                session.token(id),
                session.issuedAt(),
                session.expiresAt(id),
                new LinkedHashSet<>(session.scopes()));
        return new IssuedToken(token, fromCache);
    }

    @Override
    UserSession renew(UserSession cached, boolean forced, Deadline deadline) {
        try (CognitoSignIn cognito = new CognitoSignIn(signIn, target.http(), trace)) {
            if (cached != null && cached.refreshToken() != null) {
                try {
                    UserSession renewed = UserSession.of(
                            cognito.withRefreshToken(cached.refreshToken(), cached.username(), deadline),
                            cached.refreshToken(),
                            signIn.user(),
                            clock.instant(),
                            trace);
                    keep(renewed);
                    return renewed;
                } catch (CognitoSignIn.RefreshRefusedException ex) {
                    // The cached tokens stay until new ones are saved; a refused password drops them.
                    trace.line("* Cognito refused the refresh token (" + ex.getMessage()
                            + "): signing in with the password");
                }
            }
            // Typing the password at the prompt is no part of the exchange --max-time bounds.
            Secret password = deadline.excluding(() -> signIn.password().get());
            UserSession signedIn = UserSession.of(
                    cognito.withPassword(password, deadline), null, signIn.user(), clock.instant(), trace);
            keep(signedIn);
            return signedIn;
        }
    }
}
