package dev.gatewaycli.cli.config;

import java.net.URI;
import java.util.Objects;

/**
 * What a command that sends a user's token talks to, resolved once by {@link TargetResolver}: the sign-in, the API
 * (for {@code call}) and the network behaviour. The counterpart of {@link Target} for client credentials.
 *
 * @param profile name of the profile the values were read from (for messages)
 * @param signIn the user, the app client and the IdP API
 * @param apiUrl the API's base URL, or null when not configured (only {@link Reach#API} requires it)
 * @param http timeouts, retries and size limits
 * @param cacheTokens whether the user's tokens are read from and written to the cache ({@code --no-cache})
 * @param idToken send or print the ID token instead of the access token
 */
public record SignInTarget(
        String profile, SignIn signIn, URI apiUrl, Settings.Http http, boolean cacheTokens, boolean idToken) {

    public SignInTarget {
        Objects.requireNonNull(signIn, "signIn cannot be null");
        Objects.requireNonNull(http, "http cannot be null");
    }
}
