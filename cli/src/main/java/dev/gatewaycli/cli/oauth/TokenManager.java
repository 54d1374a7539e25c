package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.BasicEncoding;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.NetworkErrors;
import dev.gatewaycli.cli.http.WebClients;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.DefaultOAuth2TokenRequestHeadersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.retry.Retry;

/**
 * Client-credentials tokens for one set of {@link Settings}, obtained through Spring Security's
 * {@link AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager} and
 * {@link ClientCredentialsReactiveOAuth2AuthorizedClientProvider}, whose token request is Spring's
 * {@link WebClientReactiveClientCredentialsTokenResponseClient} (client authentication, form, scopes) with our
 * reader, retries and deadline. The manager's {@link ReactiveOAuth2AuthorizedClientService} is this class's view of
 * the {@link ClientTokenStore} in the {@link TokenCache}, so a token is shared by every run; when a token is due, and
 * whether a failure may cost the cached one, follows the rules of {@link CachedTokenSource}, which users' tokens
 * follow too.
 *
 * <p>How the manager is set up for them: the provider judges expiry by the same clock and {@code clockSkew}; the
 * cached token is handed to it in the request ({@link OAuth2AuthorizeRequest#withAuthorizedClient}), and for a
 * renewal the cached one is not due for ({@code --refresh}, a 401) as a copy the provider sees as expired, so the
 * cached token stays in the store until the success handler saves the new one; the failure handler removes nothing,
 * since what a failure costs is decided by {@link CachedTokenSource} (a refusal drops the entry; an outage keeps it).
 * The provider's token is checked and timed before the manager saves it: printable ASCII only, its lifetime the
 * shorter of {@code expires_in} and the JWT's {@code exp} ({@link AccessTokens#expiresAt}); a token whose lifetime
 * nothing tells is used for the run, not cached.
 */
public final class TokenManager extends CachedTokenSource<OAuth2AccessToken> {

    /** The principal of a client-credentials grant is the client itself; Spring still wants a name. */
    static final String PRINCIPAL = "gateway-cli";

    /** First pause before a retry; doubled each time, with ±50 % jitter so that parallel runs do not retry in step. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    /** Where, in the Reactor context of one authorization, the token the endpoint issued is put, checked and timed. */
    private static final Object ISSUED = new Object();

    private final Settings settings;

    private final CacheKey key;

    /** Built on first need: see {@link #registration()}. */
    private ClientRegistration registration;

    /** Built on first need: see {@link #manager()}. */
    private AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager;

    /** Built on first use: see {@link #requestToken}. */
    private WebClientReactiveClientCredentialsTokenResponseClient responseClient;

    /**
     * @param settings where and who
     * @param cacheDir the token cache directory, or null for no cache ({@code --no-cache})
     * @param clock the clock tokens are judged by
     * @param clockSkew renew this long before the token expires
     * @param trace the {@code -v} output and the warnings
     */
    public TokenManager(Settings settings, Path cacheDir, Clock clock, Duration clockSkew, HttpTrace trace) {
        this(settings, CacheKey.of(settings), cacheDir, clock, clockSkew, trace);
    }

    /** As above, the cache entry named by {@code key} rather than by the settings' token URL. */
    public TokenManager(
            Settings settings, CacheKey key, Path cacheDir, Clock clock, Duration clockSkew, HttpTrace trace) {
        this(settings, key, (cacheDir == null) ? null : new TokenCache(cacheDir, trace), clock, clockSkew, trace);
    }

    private TokenManager(
            Settings settings, CacheKey key, TokenCache cache, Clock clock, Duration clockSkew, HttpTrace trace) {
        super((cache == null) ? null : new ClientTokenStore(cache, key, trace::line), clock, clockSkew, trace);
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.key = key;
        trace.redactor().register(settings.clientSecret().reveal());
        trace.redactor()
                .registerBasic(settings.clientId(), settings.clientSecret().reveal());
    }

    /**
     * The client as Spring Security registers it, built on first need: a token served from the cache needs none of it
     * (and its builder is what would start the logging system in such a run).
     */
    private ClientRegistration registration() {
        if (registration == null) {
            registration = ClientRegistration.withRegistrationId(key.id())
                    .clientId(settings.clientId())
                    .clientSecret(settings.clientSecret().reveal())
                    .clientAuthenticationMethod(settings.auth().method())
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .tokenUri(settings.tokenUrl().toString())
                    // Empty: no scope parameter, and Cognito grants every scope of the app client (docs/fidelity.md
                    // §1).
                    .scope(settings.scopes())
                    .build();
        }
        return registration;
    }

    /** The cache entry's key (for messages and tests). */
    public CacheKey key() {
        return key;
    }

    /** {@link #token(boolean, Deadline)} with a deadline of its own, {@code --max-time} from now. */
    public IssuedToken token(boolean refresh) {
        return token(refresh, Deadline.after(settings.http().maxTime()));
    }

    @Override
    void mask(OAuth2AccessToken token) {
        trace.redactor().register(token.getTokenValue());
    }

    @Override
    Instant expiresAt(OAuth2AccessToken token) {
        return token.getExpiresAt();
    }

    @Override
    String value(OAuth2AccessToken token) {
        return token.getTokenValue();
    }

    @Override
    IssuedToken issued(OAuth2AccessToken token, boolean fromCache) {
        return new IssuedToken(token, fromCache);
    }

    /** A new token through Spring's manager, which saves it through {@link AuthorizedClients}. */
    @Override
    OAuth2AccessToken renew(OAuth2AccessToken cached, boolean forced, Deadline deadline) {
        OAuth2AuthorizeRequest.Builder request = (cached == null)
                ? OAuth2AuthorizeRequest.withClientRegistrationId(registration().getRegistrationId())
                : OAuth2AuthorizeRequest.withAuthorizedClient(
                        new OAuth2AuthorizedClient(registration(), PRINCIPAL, forced ? expired(cached) : cached));
        OAuth2AuthorizedClient client;
        try {
            client = deadline.bound(
                            manager().authorize(request.principal(PRINCIPAL).build()))
                    .block();
        } catch (RuntimeException ex) {
            throw translate(Exceptions.unwrap(ex));
        }
        if (client == null) {
            throw new ExitException(ExitCodes.NETWORK, "the token endpoint " + settings.tokenUrl() + " gave no token");
        }
        return client.getAccessToken();
    }

    /** {@code token} as one the provider takes for expired, so that it asks for a new one. */
    private static OAuth2AccessToken expired(OAuth2AccessToken token) {
        return new OAuth2AccessToken(
                token.getTokenType(),
                token.getTokenValue(),
                Instant.EPOCH,
                Instant.EPOCH.plusSeconds(1),
                token.getScopes());
    }

    /**
     * Spring's manager, built on first need. Its class and the provider's field defaults each build a WebClient,
     * which loads some 650 Netty and 450 Jackson classes: a run served from the cache must not pay that.
     */
    private AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager() {
        if (manager == null) {
            ClientCredentialsReactiveOAuth2AuthorizedClientProvider clientCredentials =
                    new ClientCredentialsReactiveOAuth2AuthorizedClientProvider();
            clientCredentials.setAccessTokenResponseClient(this::requestToken);
            clientCredentials.setClock(clock);
            clientCredentials.setClockSkew(clockSkew);
            manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
                    new InMemoryReactiveClientRegistrationRepository(registration()), new AuthorizedClients());
            manager.setAuthorizedClientProvider((context) -> issuedChecked(clientCredentials, context));
            // A failure never removes the entry here: CachedTokenSource drops it on a refusal, for users alike, and
            // keeps it through an outage. (Spring's default handler would remove it on invalid_grant only.)
            manager.setAuthorizationFailureHandler((failure, principal, attributes) -> Mono.empty());
        }
        return manager;
    }

    /**
     * The provider's authorization, with the token it got replaced by the one {@link #requestToken} checked and
     * timed: Spring's own has the lifetime of {@code expires_in} alone (one second when it is missing) and
     * {@code Instant.now()} for its issue, not this manager's clock.
     */
    private Mono<OAuth2AuthorizedClient> issuedChecked(
            ClientCredentialsReactiveOAuth2AuthorizedClientProvider clientCredentials,
            OAuth2AuthorizationContext context) {
        AtomicReference<OAuth2AccessToken> issued = new AtomicReference<>();
        return clientCredentials
                .authorize(context)
                .map((client) -> new OAuth2AuthorizedClient(
                        client.getClientRegistration(),
                        client.getPrincipalName(),
                        Objects.requireNonNull(issued.get(), "the token request set no token")))
                .contextWrite(Context.of(ISSUED, issued));
    }

    /**
     * The token request itself: Spring's WebClient-based client with our encoding switch, reader and retries, its
     * token checked and timed for {@link #issuedChecked}. Built on first use, so a run served from the cache never
     * creates a WebClient or loads Netty.
     */
    private Mono<OAuth2AccessTokenResponse> requestToken(OAuth2ClientCredentialsGrantRequest grantRequest) {
        if (responseClient == null) {
            responseClient = newResponseClient();
        }
        int retries = settings.http().retries();
        return Mono.deferContextual((context) -> responseClient
                .getTokenResponse(grantRequest)
                .retryWhen(Retry.backoff(retries, FIRST_BACKOFF)
                        .maxBackoff(Duration.ofSeconds(5))
                        .jitter(0.5)
                        .filter((ex) -> ex instanceof TokenResponseReader.RetryableStatusException
                                || NetworkErrors.isRetryableConnectionFailure(ex))
                        .doBeforeRetry((signal) -> trace.line(
                                "* token request failed (" + signal.failure().getMessage() + "), retry "
                                        + (signal.totalRetries() + 1) + " of " + retries))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .doOnNext((response) ->
                        context.<AtomicReference<OAuth2AccessToken>>get(ISSUED).set(checked(response))));
    }

    /** The token of {@code response}, if it is one any token endpoint may issue, with its times by our clock. */
    private OAuth2AccessToken checked(OAuth2AccessTokenResponse response) {
        OAuth2AccessToken token = response.getAccessToken();
        String value = token.getTokenValue();
        if (!AccessTokens.wellFormed(value)) {
            throw new ExitException(
                    ExitCodes.NETWORK,
                    "the token endpoint " + settings.tokenUrl() + " answered an access token with spaces, control "
                            + "characters or non-ASCII characters, which no token may hold (RFC 6749 A.12): "
                            + "check --token-url");
        }
        trace.redactor().register(value);
        Object expiresIn = response.getAdditionalParameters().get(TokenResponseReader.EXPIRES_IN);
        AccessTokens.Lifetime lifetime = AccessTokens.lifetime(
                clock.instant(),
                (expiresIn instanceof Long seconds) ? seconds : null,
                value,
                "the token endpoint",
                trace);
        return new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                value,
                lifetime.issuedAt(),
                lifetime.expiresAt(),
                token.getScopes());
    }

    private WebClientReactiveClientCredentialsTokenResponseClient newResponseClient() {
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
                ExitCodes.NETWORK, "the token request to " + settings.tokenUrl() + " failed: " + ex.getMessage(), ex);
    }

    private ExitException refused(OAuth2Error error, Throwable cause) {
        String code = error.getErrorCode();
        String description =
                (error.getDescription() == null) ? "" : ": " + trace.redactor().excerpt(error.getDescription());
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
                "the token endpoint refused the request: " + trace.redactor().excerpt(code) + description + " (" + hint
                        + ")",
                cause);
    }

    /**
     * Spring's authorized-client service for the manager's one registration, over this manager's entry: a load is
     * what {@link CachedTokenSource#held()} has (the cache, read once per use of the lock), a save
     * {@link CachedTokenSource#keep}s the new token (the cache and this run), a remove forgets it.
     */
    private final class AuthorizedClients implements ReactiveOAuth2AuthorizedClientService {

        @Override
        @SuppressWarnings("unchecked") // the one type this service holds; Spring's signature is generic
        public <C extends OAuth2AuthorizedClient> Mono<C> loadAuthorizedClient(
                String clientRegistrationId, String principalName) {
            return Mono.fromSupplier(() -> held())
                    .map((token) -> (C) new OAuth2AuthorizedClient(registration(), principalName, token));
        }

        @Override
        public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
            return Mono.fromRunnable(() -> keep(client.getAccessToken()));
        }

        @Override
        public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
            return Mono.fromRunnable(TokenManager.this::forget);
        }
    }
}
