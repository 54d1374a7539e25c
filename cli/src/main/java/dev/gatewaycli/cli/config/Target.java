package dev.gatewaycli.cli.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command talks to, resolved once by {@link TargetResolver}: the connection {@link Settings} (token
 * endpoint, API, client, scopes, network), the user pool behind them, whether tokens may be cached, and, for an
 * emulated stack, a {@link TokenMint}.
 *
 * @param settings the token endpoint, the API and the client
 * @param jwksUrl the pool's JWKS, or null: then {@code <iss>/.well-known/jwks.json} of a token
 * @param userPoolId the pool id ({@code <region>_<id>}), or null when not configured
 * @param cacheTokens whether tokens are read from and written to the cache: not with {@code --no-cache}, and not for
 *     an emulator started for one command whose pool is new every run (keys and ids: an entry could never be used)
 * @param mint tokens with any scopes, or null when the pool's key is not at hand (every deployed stack)
 * @param cachedAs the token endpoint that names its tokens' cache entries ({@link
 *     dev.gatewaycli.cli.oauth.CacheKey}): the settings' token URL, or, for an emulator started for one command,
 *     whose port is new every run, its pool's issuer
 */
public record Target(
        Settings settings, URI jwksUrl, String userPoolId, boolean cacheTokens, TokenMint mint, String cachedAs) {

    public Target {
        Objects.requireNonNull(settings, "settings cannot be null");
        Objects.requireNonNull(cachedAs, "cachedAs cannot be null");
    }

    /** A deployed stack's target: its tokens filed under its token URL. */
    public Target(Settings settings, URI jwksUrl, String userPoolId, boolean cacheTokens) {
        this(
                settings,
                jwksUrl,
                userPoolId,
                cacheTokens,
                null,
                settings.tokenUrl().toString());
    }

    /** The pool's signing key at hand: an emulated stack. */
    public Optional<TokenMint> tokenMint() {
        return Optional.ofNullable(mint);
    }

    /** Cognito's issuer for the pool, {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}, or null. */
    public String expectedIssuer() {
        if (userPoolId == null) {
            return null;
        }
        return CognitoUrls.issuer(userPoolId);
    }
}
