package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.BasicEncoding;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.NetworkErrors;
import dev.gatewaycli.cli.http.WebClients;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.DefaultOAuth2TokenRequestHeadersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Client-credentials tokens for one set of {@link Settings}, through Spring Security's
 * {@link AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager} and
 * {@link ClientCredentialsReactiveOAuth2AuthorizedClientProvider}, with a file-backed authorized-client service so
 * the token is shared by every run until {@code clockSkew} before it expires. Each use holds the entry's
 * {@link EntryLock}, so concurrent runs with an empty cache make one token request between them.
 */
public final class TokenManager implements TokenSource {

    /** The principal of a client-credentials grant is the client itself; Spring still wants a name. */
    static final String PRINCIPAL = "gateway-cli";

    /** First pause before a retry; doubled each time, with ±50 % jitter so that parallel runs do not retry in step. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Settings settings;

    private final CacheKey key;

    private final Path cacheDir;

    private final HttpTrace trace;

    private final ReactiveOAuth2AuthorizedClientService service;

    private final InMemoryReactiveClientRegistrationRepository registrations;

    private final Clock clock;

    private final Duration clockSkew;

    private AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager;

    /** Built on first use: see {@link #requestToken}. */
    private ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> responseClient;

    /**
     * @param settings where and who
     * @param cacheDir the token cache directory, or null for no cache ({@code --no-cache})
     * @param clock the clock tokens are judged by
     * @param clockSkew renew this long before the token expires
     * @param trace the {@code -v} output
     */
    public TokenManager(Settings settings, Path cacheDir, Clock clock, Duration clockSkew, HttpTrace trace) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.key = CacheKey.of(settings);
        this.cacheDir = cacheDir;
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        trace.redactor().register(settings.clientSecret().reveal());
        trace.redactor()
                .registerBasic(settings.clientId(), settings.clientSecret().reveal());

        ClientRegistration registration = ClientRegistration.withRegistrationId(key.id())
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret().reveal())
                .clientAuthenticationMethod(settings.auth().method())
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenUri(settings.tokenUrl().toString())
                // Empty: no scope parameter, and Cognito grants every scope of the app client (docs/fidelity.md §1).
                .scope(settings.scopes())
                .build();
        InMemoryReactiveClientRegistrationRepository registrations =
                new InMemoryReactiveClientRegistrationRepository(registration);
        this.service = (cacheDir == null)
                ? new InMemoryReactiveOAuth2AuthorizedClientService(registrations)
                : new FileAuthorizedClientService(cacheDir, registrations, key, trace::line);

        this.registrations = registrations;
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew cannot be null");
    }

    /**
     * Spring's manager, built on first need. Its constructor and the provider's field defaults each build a
     * WebClient, which loads some 650 Netty and 450 Jackson classes: a run served from the cache must not pay that.
     */
    private AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager() {
        if (manager == null) {
            ClientCredentialsReactiveOAuth2AuthorizedClientProvider provider =
                    new ClientCredentialsReactiveOAuth2AuthorizedClientProvider();
            provider.setAccessTokenResponseClient(this::requestToken);
            provider.setClock(clock);
            provider.setClockSkew(clockSkew);
            manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations, service);
            manager.setAuthorizedClientProvider(provider);
        }
        return manager;
    }

    /** The cache entry's key (for messages and tests). */
    public CacheKey key() {
        return key;
    }

    /**
     * A valid token: the cached one while it is valid, else a new one (saved to the cache).
     * @param refresh drop the cached token first and fetch a new one
     */
    @Override
    public IssuedToken token(boolean refresh) {
        return locked(() -> {
            if (refresh) {
                service.removeAuthorizedClient(key.id(), PRINCIPAL).block();
            }
            return authorize();
        });
    }

    /**
     * After the API refused {@code rejected} with 401: drop it from the cache, unless another run has already
     * replaced it, and return a valid token.
     */
    @Override
    public IssuedToken renewAfterRejection(IssuedToken rejected) {
        return locked(() -> {
            OAuth2AuthorizedClient current = service.<OAuth2AuthorizedClient>loadAuthorizedClient(key.id(), PRINCIPAL)
                    .block();
            if (current == null || current.getAccessToken().getTokenValue().equals(rejected.value())) {
                trace.line("* the API refused the cached token: fetching a new one");
                service.removeAuthorizedClient(key.id(), PRINCIPAL).block();
            }
            return authorize();
        });
    }

    private IssuedToken authorize() {
        OAuth2AuthorizedClient before = service.<OAuth2AuthorizedClient>loadAuthorizedClient(key.id(), PRINCIPAL)
                .block();
        if (before != null && !expiresWithinSkew(before)) {
            // The manager's own first steps are this load and this check (ClientCredentialsReactiveOAuth2-
            // AuthorizedClientProvider#hasTokenExpired): answering here is the same decision, without building it.
            return new IssuedToken(before.getAccessToken(), true);
        }
        OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId(key.id())
                .principal(PRINCIPAL)
                .build();
        OAuth2AuthorizedClient client;
        try {
            client = manager().authorize(request).block();
        } catch (RuntimeException ex) {
            throw translate(Exceptions.unwrap(ex));
        }
        if (client == null) {
            throw new ExitException(ExitCodes.NETWORK, "the token endpoint gave no token");
        }
        trace.redactor().register(client.getAccessToken().getTokenValue());
        boolean fromCache = before != null
                && before.getAccessToken()
                        .getTokenValue()
                        .equals(client.getAccessToken().getTokenValue());
        return new IssuedToken(client.getAccessToken(), fromCache);
    }

    private boolean expiresWithinSkew(OAuth2AuthorizedClient client) {
        Instant expiresAt = client.getAccessToken().getExpiresAt();
        return expiresAt == null || clock.instant().isAfter(expiresAt.minus(clockSkew));
    }

    @SuppressWarnings("try") // the lock is held for the block's duration, never read
    private <T> T locked(java.util.function.Supplier<T> action) {
        if (cacheDir == null) {
            return action.get();
        }
        try (EntryLock lock = EntryLock.acquire(cacheDir.resolve(key.id() + ".lock"))) {
            return action.get();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The token request itself: Spring's WebClient-based client with our encoding switch, reader and retries. Built
     * on first use, so a run served from the cache never creates a WebClient or loads Netty.
     */
    private Mono<OAuth2AccessTokenResponse> requestToken(OAuth2ClientCredentialsGrantRequest grantRequest) {
        if (responseClient == null) {
            responseClient = newResponseClient();
        }
        int retries = settings.http().retries();
        return responseClient
                .getTokenResponse(grantRequest)
                .retryWhen(Retry.backoff(retries, FIRST_BACKOFF)
                        .maxBackoff(Duration.ofSeconds(5))
                        .jitter(0.5)
                        .filter((ex) -> ex instanceof TokenResponseReader.RetryableStatusException
                                || NetworkErrors.isRetryableConnectionFailure(ex))
                        .doBeforeRetry((signal) -> trace.line(
                                "* token request failed (" + signal.failure().getMessage() + "), retry "
                                        + (signal.totalRetries() + 1) + " of " + retries))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> newResponseClient() {
        WebClientReactiveClientCredentialsTokenResponseClient client =
                new WebClientReactiveClientCredentialsTokenResponseClient();
        client.setWebClient(WebClients.create(settings.http(), trace));
        DefaultOAuth2TokenRequestHeadersConverter<OAuth2ClientCredentialsGrantRequest> headers =
                new DefaultOAuth2TokenRequestHeadersConverter<>();
        headers.setEncodeClientCredentials(settings.basicEncoding() == BasicEncoding.form);
        client.setHeadersConverter(headers);
        client.setParametersCustomizer((parameters) -> trace.line("> "
                + parameters.entrySet().stream()
                        .map((e) -> e.getKey() + "=" + String.join(",", e.getValue()))
                        .collect(Collectors.joining("&"))));
        client.setBodyExtractor(
                new TokenResponseReader(settings.tokenUrl(), settings.http().maxResponseBytes(), trace));
        return client;
    }

    private RuntimeException translate(Throwable ex) {
        if (ex instanceof ExitException exit) {
            return exit;
        }
        if (ex instanceof TokenResponseReader.RetryableStatusException status) {
            String attempts = (settings.http().retries() == 0)
                    ? ""
                    : " (" + (settings.http().retries() + 1) + " attempts)";
            return new ExitException(
                    ExitCodes.NETWORK,
                    status.getMessage() + attempts + " at " + settings.tokenUrl()
                            + ": the service is busy or failing, try again later",
                    ex);
        }
        if (ex instanceof OAuth2AuthorizationException oauth) {
            return refused(oauth.getError(), ex);
        }
        ExitException network = NetworkErrors.describe(ex, "token endpoint", settings.tokenUrl(), trace.redactor());
        if (network != null) {
            return network;
        }
        return new ExitException(
                ExitCodes.NETWORK,
                "the token request to " + settings.tokenUrl() + " failed: "
                        + trace.redactor().redact(String.valueOf(ex)),
                ex);
    }

    private ExitException refused(OAuth2Error error, Throwable cause) {
        String code = error.getErrorCode();
        String description = (error.getDescription() == null)
                ? ""
                : ": " + oneLine(trace.redactor().redact(error.getDescription()));
        if ("invalid_token_response".equals(code)) {
            // Spring's code for "a JSON object, but not a token response": the endpoint is not what we think.
            return new ExitException(
                    ExitCodes.NETWORK,
                    "the token endpoint " + settings.tokenUrl() + " answered JSON that is not a token response"
                            + description + ": check --token-url",
                    cause);
        }
        String hint = switch (code) {
            case "invalid_client" ->
                "check the client id and secret; if the secret has + / = or %, try --auth post "
                        + "or --basic-encoding " + ((settings.basicEncoding() == BasicEncoding.raw) ? "form" : "raw");
            case "invalid_scope" -> "request only scopes the app client allows (--scope), or none for all of them";
            case "invalid_grant" -> "the app client needs AllowedOAuthFlowsUserPoolClient=true";
            case "unauthorized_client" -> "allow the client_credentials OAuth flow on the app client";
            case "unsupported_grant_type" -> "this endpoint does not do client credentials: check --token-url";
            case "invalid_request" -> "check --token-url and --auth";
            default -> "check the app client's settings";
        };
        return new ExitException(
                ExitCodes.AUTH,
                "the token endpoint refused the request: " + code + description + " (" + hint + ")",
                cause);
    }

    private static String oneLine(String text) {
        String single = text.replaceAll("\\s+", " ").trim();
        return (single.length() > 200) ? single.substring(0, 200) + "..." : single;
    }
}
