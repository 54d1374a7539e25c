package dev.gatewaycli.cli.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A running emulated stack as the commands see it: where it listens and who its one app client is. The secret is
 * throw-away, but {@link #toString()} still leaves it out.
 *
 * @param tokenUrl the token endpoint
 * @param apiUrl the API's stage URL
 * @param jwksUrl the pool's JWKS
 * @param issuer the tokens' {@code iss}
 * @param userPoolId the pool id, {@code <region>_<id>}
 * @param region the Region in the issuer, pool id and ARNs
 * @param clientId the app client id
 * @param clientSecret the app client secret
 * @param scopes the scopes the app client is allowed
 * @param mint tokens of the app client with any scopes, signed by the pool
 * @param idpUrl the emulator's Cognito Identity Provider API
 * @param lasting whether the pool keeps its keys and ids from run to run (its keys persist in a file): then a token
 *     it issued in one run is valid in the next
 */
public record EmulatedStack(
        URI tokenUrl,
        URI apiUrl,
        URI jwksUrl,
        String issuer,
        String userPoolId,
        String region,
        String clientId,
        String clientSecret,
        List<String> scopes,
        TokenMint mint,
        URI idpUrl,
        boolean lasting) {

    public EmulatedStack {
        Objects.requireNonNull(tokenUrl, "tokenUrl cannot be null");
        Objects.requireNonNull(apiUrl, "apiUrl cannot be null");
        Objects.requireNonNull(clientId, "clientId cannot be null");
        Objects.requireNonNull(clientSecret, "clientSecret cannot be null");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(mint, "mint cannot be null");
        Objects.requireNonNull(idpUrl, "idpUrl cannot be null");
    }

    @Override
    public String toString() {
        return "EmulatedStack[tokenUrl=" + tokenUrl + ", apiUrl=" + apiUrl + ", clientId=" + clientId + "]";
    }
}
