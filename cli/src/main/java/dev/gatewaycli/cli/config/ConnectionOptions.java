package dev.gatewaycli.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that say where the token endpoint and the API are and who the client is; mixed into every command
 * that talks to them ({@code token}, {@code call}, {@code verify}, {@code load}). Values are only collected here;
 * {@link TargetResolver} applies the contract's order (option, environment, profile, default). There is
 * deliberately no option that takes the secret's value: it would show in {@code ps}. {@code --local} replaces the
 * endpoints and the client with an in-process emulator's ({@link LocalEmulator}).
 */
public final class ConnectionOptions {

    @Option(
            names = "--token-url",
            paramLabel = "URL",
            description = "Token endpoint, e.g. https://PREFIX.auth.REGION.amazoncognito.com/oauth2/token "
                    + "(env GATEWAY_TOKEN_URL).")
    String tokenUrl;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "API base URL (stage URL), e.g. https://ID.execute-api.REGION.amazonaws.com/prod "
                    + "(env GATEWAY_API_URL).")
    String apiUrl;

    @Option(names = "--client-id", paramLabel = "ID", description = "App client id (env GATEWAY_CLIENT_ID).")
    String clientId;

    @Option(
            names = "--client-secret-file",
            paramLabel = "FILE",
            description = "Read the client secret from FILE (env GATEWAY_CLIENT_SECRET holds the value itself; "
                    + "else the profile; else a prompt when interactive).")
    Path clientSecretFile;

    @Option(
            names = "--scope",
            paramLabel = "SCOPE",
            description = "Scope to request; repeatable (env GATEWAY_SCOPE, space-separated). "
                    + "None: the token carries all scopes of the client.")
    List<String> scopes = new ArrayList<>();

    @Option(
            names = "--auth",
            paramLabel = "METHOD",
            description = "Client authentication: ${COMPLETION-CANDIDATES} (env GATEWAY_CLIENT_AUTH; default basic).")
    ClientAuth auth;

    @Option(
            names = "--basic-encoding",
            paramLabel = "ENCODING",
            description = "What the Basic header carries: raw = base64(id:secret) as AWS documents, form = "
                    + "base64 of the form-urlencoded id and secret (RFC 6749 2.3.1) (env GATEWAY_BASIC_ENCODING; "
                    + "default raw).")
    BasicEncoding basicEncoding;

    @Option(
            names = "--connect-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Connect timeout, e.g. 5s or 500ms (env GATEWAY_CONNECT_TIMEOUT; default 5s).")
    Duration connectTimeout;

    @Option(
            names = "--read-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Longest wait for response bytes (env GATEWAY_READ_TIMEOUT; default 30s).")
    Duration readTimeout;

    @Option(
            names = "--max-time",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Longest a whole exchange may take, like curl's: the cache lock, the token request or a "
                    + "user's sign-in with its retries, and the API call (env GATEWAY_MAX_TIME; default 60s).")
    Duration maxTime;

    @Option(
            names = "--retries",
            paramLabel = "N",
            description = "Extra attempts for the token request after a connection failure, 429 or 5xx "
                    + "(env GATEWAY_RETRIES; default 2). API calls are never retried.")
    Integer retries;

    @Option(names = "--no-cache", description = "Neither read nor write the token cache.")
    boolean noCache;

    @Option(
            names = "--local",
            description = "Run against an emulated stack started in-process on an ephemeral loopback port for this "
                    + "command alone (no AWS account; endpoints and credentials come from the emulator, so "
                    + "--token-url, --api-url, --client-id and --client-secret-file do not apply).")
    boolean local;

    public String tokenUrl() {
        return tokenUrl;
    }

    public String apiUrl() {
        return apiUrl;
    }

    public String clientId() {
        return clientId;
    }

    public Path clientSecretFile() {
        return clientSecretFile;
    }

    public List<String> scopes() {
        return scopes;
    }

    public ClientAuth auth() {
        return auth;
    }

    public BasicEncoding basicEncoding() {
        return basicEncoding;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration maxTime() {
        return maxTime;
    }

    public Integer retries() {
        return retries;
    }

    public boolean noCache() {
        return noCache;
    }

    public boolean local() {
        return local;
    }

    /**
     * The options that shape a client-credentials token request only, for refusing them beside a user's sign-in: a
     * user's access token carries the scopes the app client allows, and {@code InitiateAuth} has no client
     * authentication to choose.
     */
    List<String> clientCredentialsOptionsGiven() {
        List<String> given = new ArrayList<>();
        if (!scopes.isEmpty()) {
            given.add(Setting.SCOPE.option());
        }
        if (auth != null) {
            given.add(Setting.CLIENT_AUTH.option());
        }
        if (basicEncoding != null) {
            given.add(Setting.BASIC_ENCODING.option());
        }
        return given;
    }

    /** The options that name an endpoint or a credential, for refusing them beside {@code --local}. */
    List<String> endpointOptionsGiven() {
        List<String> given = new ArrayList<>();
        if (tokenUrl != null) {
            given.add(Setting.TOKEN_URL.option());
        }
        if (apiUrl != null) {
            given.add(Setting.API_URL.option());
        }
        if (clientId != null) {
            given.add(Setting.CLIENT_ID.option());
        }
        if (clientSecretFile != null) {
            given.add(Setting.CLIENT_SECRET.option());
        }
        return given;
    }
}
