package dev.gatewaycli.cli.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.gatewaycli.cli.http.HttpTrace;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed-in user's tokens, as Cognito issued them and the cache keeps them: the access and ID tokens with their
 * expiry, the refresh token, and the user's name in the pool (the {@code username} claim: what a refresh's
 * {@code SECRET_HASH} is computed with, which differs from what was typed when the user signs in with an alias).
 *
 * @param refreshToken null when Cognito issued none
 * @param accessExpiresAt null when nothing tells (then the tokens are for this run only, and not cached)
 * @param idExpiresAt null likewise
 * @param scopes the access token's {@code scope} claim, split
 */
public record UserSession(
        String accessToken,
        String idToken,
        String refreshToken,
        String username,
        Instant issuedAt,
        Instant accessExpiresAt,
        Instant idExpiresAt,
        List<String> scopes) {

    /** Cognito's claims (docs/fidelity.md, "Cognito's Identity Provider API"). */
    static final String CLAIM_USERNAME = "username";

    static final String CLAIM_COGNITO_USERNAME = "cognito:username";

    static final String CLAIM_SCOPE = "scope";

    public UserSession {
        Objects.requireNonNull(accessToken, "accessToken cannot be null");
        Objects.requireNonNull(idToken, "idToken cannot be null");
        Objects.requireNonNull(username, "username cannot be null");
        Objects.requireNonNull(issuedAt, "issuedAt cannot be null");
        if ((accessExpiresAt != null && !accessExpiresAt.isAfter(issuedAt))
                || (idExpiresAt != null && !idExpiresAt.isAfter(issuedAt))) {
            throw new IllegalArgumentException("tokens must expire after they were issued");
        }
        scopes = List.copyOf(scopes);
    }

    /**
     * The session Cognito's answer makes, at {@code now}. The access token's lifetime is the client-credentials
     * token's rule ({@link AccessTokens#lifetime}): the shorter of {@code ExpiresIn} and its {@code exp}, null when
     * neither tells. The ID token expires at its own {@code exp}, since a client may give the two different
     * lifetimes, else with the access token. The claims are read unverified, for the cache's bookkeeping only.
     *
     * @param keptRefreshToken the refresh token that asked for these tokens, kept when Cognito sends no new one
     * @param typed the user as typed, the name of last resort
     */
    static UserSession of(
            CognitoSignIn.Tokens tokens, String keptRefreshToken, String typed, Instant now, HttpTrace trace) {
        Optional<JWTClaimsSet> access = claims(tokens.accessToken());
        Optional<JWTClaimsSet> id = claims(tokens.idToken());
        AccessTokens.Lifetime lifetime = AccessTokens.lifetime(
                now,
                (tokens.expiresIn() == null) ? null : tokens.expiresIn().longValue(),
                tokens.accessToken(),
                "the Cognito IdP API",
                trace);
        Instant idExpiry = Optional.ofNullable(AccessTokens.expiresAt(lifetime.issuedAt(), null, tokens.idToken()))
                .filter(lifetime.issuedAt()::isBefore)
                .orElse(lifetime.expiresAt());
        String username = access.flatMap((c) -> string(c, CLAIM_USERNAME))
                .or(() -> id.flatMap((c) -> string(c, CLAIM_COGNITO_USERNAME)))
                .orElse(typed);
        List<String> scopes = access.flatMap((c) -> string(c, CLAIM_SCOPE))
                .map((s) -> Arrays.stream(s.trim().split("\\s+"))
                        .filter((scope) -> !scope.isEmpty())
                        .toList())
                .orElse(List.of());
        String refresh = (tokens.refreshToken() != null) ? tokens.refreshToken() : keptRefreshToken;
        return new UserSession(
                tokens.accessToken(),
                tokens.idToken(),
                refresh,
                username,
                lifetime.issuedAt(),
                lifetime.expiresAt(),
                idExpiry,
                scopes);
    }

    /** The access token, or the ID token. */
    public String token(boolean idToken) {
        return idToken ? this.idToken : accessToken;
    }

    /** When {@link #token(boolean)} expires. */
    public Instant expiresAt(boolean idToken) {
        return idToken ? idExpiresAt : accessExpiresAt;
    }

    /** Not verified: the claims say only what the tokens claim, which is all a cache needs. */
    private static Optional<JWTClaimsSet> claims(String token) {
        try {
            return Optional.of(JWTParser.parse(token).getJWTClaimsSet());
        } catch (ParseException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    private static Optional<String> string(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return (value instanceof String text && !text.isBlank()) ? Optional.of(text) : Optional.empty();
    }

    /** Never the tokens. */
    @Override
    public String toString() {
        return "UserSession[" + username + ", access token expires " + accessExpiresAt + "]";
    }
}
