package dev.gatewaycli.cli.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a command needs to reach the token endpoint and the API, fully resolved: the part of a {@link Target}
 * that the token manager and the API client take. {@link TargetResolver} builds it from options, environment and
 * profile, or from the emulator of {@code --local}; nothing downstream knows where it came from.
 *
 * @param profile name of the profile the values were read from (for messages)
 * @param tokenUrl the token endpoint, e.g. {@code https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token}
 * @param apiUrl the API's base URL (stage URL), or null when not configured (only {@link Reach#API} requires it)
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

    /** The same client asking for other scopes (an empty list: every scope the client is allowed). */
    public Settings withScopes(List<String> other) {
        return new Settings(profile, tokenUrl, apiUrl, clientId, clientSecret, other, auth, basicEncoding, http);
    }

    /** The same client with another secret and network behaviour. */
    public Settings withSecret(Secret other, Http otherHttp) {
        return new Settings(profile, tokenUrl, apiUrl, clientId, other, scopes, auth, basicEncoding, otherHttp);
    }

    /**
     * Network behaviour.
     *
     * @param connectTimeout TCP (and TLS) connect timeout
     * @param readTimeout longest wait for the next bytes of a response
     * @param retries extra attempts for the token request after a connection failure, 429 or 5xx
     * @param maxResponseBytes largest response body read into memory (token endpoint and API)
     * @param maxTime longest a whole exchange may take ({@code --max-time}): waiting for the cache entry's lock, the
     *     token request with its retries, and the API call
     * @param trust the certificate authorities trusted for HTTPS: the JDK's, plus a CA file's
     */
    public record Http(
            Duration connectTimeout,
            Duration readTimeout,
            int retries,
            int maxResponseBytes,
            Duration maxTime,
            TlsTrust trust) {

        /** The JDK's trusted certificate authorities alone. */
        public Http(
                Duration connectTimeout, Duration readTimeout, int retries, int maxResponseBytes, Duration maxTime) {
            this(connectTimeout, readTimeout, retries, maxResponseBytes, maxTime, TlsTrust.DEFAULT);
        }

        /** API Gateway refuses payloads over 10 MB (docs/fidelity.md §2), so nothing larger is a real answer. */
        public static final int DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

        /** The largest request body the CLI sends: API Gateway's payload limit, the same 10 MB. */
        public static final int MAX_REQUEST_BYTES = DEFAULT_MAX_RESPONSE_BYTES;

        /**
         * Long enough for API Gateway's 29 s integration timeout after a token request with its retries; short enough
         * that a server that trickles bytes cannot keep a script (and the cache entry's lock) waiting for good.
         */
        public static final Duration DEFAULT_MAX_TIME = Duration.ofSeconds(60);

        public static final Http DEFAULTS = new Http(
                Duration.ofSeconds(5), Duration.ofSeconds(30), 2, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_TIME);

        public Http {
            Objects.requireNonNull(connectTimeout, "connectTimeout cannot be null");
            Objects.requireNonNull(readTimeout, "readTimeout cannot be null");
            Objects.requireNonNull(maxTime, "maxTime cannot be null");
            Objects.requireNonNull(trust, "trust cannot be null");
        }

        /** The same limits without retries: for a request whose refusal is the expected answer. */
        public Http once() {
            return new Http(connectTimeout, readTimeout, 0, maxResponseBytes, maxTime, trust);
        }
    }
}
