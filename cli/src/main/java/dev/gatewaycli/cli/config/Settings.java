package dev.gatewaycli.cli.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a command needs to reach the token endpoint and the API, fully resolved. This record is the seam
 * between "where settings come from" and "what uses them": {@link SettingsResolver} builds it from options,
 * environment and profile; an in-process emulator ({@code --local}) can build one from its own endpoints and
 * throw-away credentials, and the token manager and API client take it unchanged.
 *
 * @param profile name of the profile the values were read from (for messages)
 * @param tokenUrl the token endpoint, e.g. {@code https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token}
 * @param apiUrl the API's base URL (stage URL), or null when not configured (only {@code call} needs it)
 * @param clientId the app client id
 * @param clientSecret the app client secret
 * @param scopes requested scopes; empty means "omit the parameter" (Cognito then grants all the client's scopes)
 * @param auth client authentication method
 * @param basicEncoding what the Basic header carries when {@code auth} is {@code basic}
 * @param http timeouts, retries and size limits
 */
public record Settings(
        String profile,
        URI tokenUrl,
        URI apiUrl,
        String clientId,
        Secret clientSecret,
        List<String> scopes,
        ClientAuth auth,
        BasicEncoding basicEncoding,
        Http http) {

    public Settings {
        Objects.requireNonNull(tokenUrl, "tokenUrl cannot be null");
        Objects.requireNonNull(clientId, "clientId cannot be null");
        Objects.requireNonNull(clientSecret, "clientSecret cannot be null");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(auth, "auth cannot be null");
        Objects.requireNonNull(basicEncoding, "basicEncoding cannot be null");
        Objects.requireNonNull(http, "http cannot be null");
    }

    /**
     * Network behaviour.
     *
     * @param connectTimeout TCP (and TLS) connect timeout
     * @param readTimeout longest wait for the next bytes of a response
     * @param retries extra attempts for the token request after a connection failure, 429 or 5xx
     * @param maxResponseBytes largest response body read into memory (token endpoint and API)
     */
    public record Http(Duration connectTimeout, Duration readTimeout, int retries, int maxResponseBytes) {

        /** API Gateway refuses payloads over 10 MB (FIDELITY.md §2), so nothing larger is a real answer. */
        public static final int DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

        public static final Http DEFAULTS =
                new Http(Duration.ofSeconds(5), Duration.ofSeconds(30), 2, DEFAULT_MAX_RESPONSE_BYTES);
    }
}
