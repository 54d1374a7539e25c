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
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.client.endpoint.DefaultOAuth2TokenRequestHeadersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Client-credentials tokens for one set of {@link Settings}: the token request is Spring Security's
 * {@link WebClientReactiveClientCredentialsTokenResponseClient} (client authentication, form, scopes), with our
 * reader, retries and deadline; the token is shared by every run through a {@link ClientTokenStore} until
 * {@code clockSkew} before it expires. Each use holds the entry's {@link EntryLock}, so concurrent runs with an empty
 * cache make one token request between them.
 *
 * <p>What the cache may cost: nothing. A cached token is replaced only once a new one is in hand, so an outage of
 * the token endpoint does not take the valid token with it ({@code --refresh} included); a token within the renewal
 * margin but not yet expired is used, with a warning, when renewal fails. A refusal ({@code invalid_client} ...) drops
 * the entry: the credentials no longer work. The token's lifetime is the shorter of {@code expires_in} and the
 * JWT's {@code exp} ({@link AccessTokens#expiresAt}); a token whose lifetime nothing tells is used for the run, not
 * cached.
 */
public final class TokenManager implements TokenSource {

    /** First pause before a retry; doubled each time, with ±50 % jitter so that parallel runs do not retry in step. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Settings settings;

    private final CacheKey key;

    private final TokenCache cache;

    private final ClientTokenStore store;

    private final HttpTrace trace;

    private final ClientRegistration registration;

    private final Clock clock;

    private final Duration clockSkew;

    /** The token this run fetched or read last: what a run without a (usable) cache reuses. */
    private OAuth2AccessToken current;

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
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.key = CacheKey.of(settings);
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew cannot be null");
        trace.redactor().register(settings.clientSecret().reveal());
        trace.redactor()
                .registerBasic(settings.clientId(), settings.clientSecret().reveal());
        this.cache = (cacheDir == null) ? null : new TokenCache(cacheDir, trace);
        this.store = (cache == null) ? null : new ClientTokenStore(cache, key, trace::line);
        this.registration = ClientRegistration.withRegistrationId(key.id())
                .clientId(settings.clientId())
                .clientSecret(settings.clientSecret().reveal())
                .clientAuthenticationMethod(settings.auth().method())
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenUri(settings.tokenUrl().toString())
                // Empty: no scope parameter, and Cognito grants every scope of the app client (docs/fidelity.md §1).
                .scope(settings.scopes())
                .build();
    }

    /** The cache entry's key (for messages and tests). */
    public CacheKey key() {
        return key;
    }

    /** {@link #token(boolean, Deadline)} with a deadline of its own, {@code --max-time} from now. */
    public IssuedToken token(boolean refresh) {
        return token(refresh, Deadline.after(settings.http().maxTime()));
    }

    /**
     * A valid token: the cached one while it is valid, else a new one (saved to the cache).
     *
     * @param refresh fetch a new one even if the cached one is valid; the cached one stays until the new one is saved
     * @param deadline the end of the exchange this token is for
     */
    @Override
    public IssuedToken token(boolean refresh, Deadline deadline) {
        return locked(deadline, () -> {
            OAuth2AccessToken cached = load();
            if (!refresh && cached != null && !dueForRenewal(cached)) {
                return new IssuedToken(cached, true);
            }
            return fetch(cached, !refresh, deadline);
        });
    }

    /**
     * After the API's authorizer refused {@code rejected} with 401: a new token, unless another run has already
     * replaced the cached one. The rejected token is dropped from the cache, even if no new one can be had.
     */
    @Override
    public IssuedToken renewAfterRejection(IssuedToken rejected, Deadline deadline) {
        return locked(deadline, () -> {
            OAuth2AccessToken cached = load();
            boolean same = cached != null && cached.getTokenValue().equals(rejected.value());
            if (cached != null && !same && !dueForRenewal(cached)) {
                return new IssuedToken(cached, true);
            }
            trace.line("* the API refused the cached token: fetching a new one");
            try {
                return fetch(null, false, deadline);
            } catch (ExitException ex) {
                if (same) {
                    forget();
                }
                throw ex;
            }
        });
    }

    private <T> T locked(Deadline deadline, Supplier<T> action) {
        return (cache == null) ? action.get() : cache.locked(key.id(), deadline, action);
    }

    /** The cached token, else the one this run already has (no cache, or a token with no known lifetime). */
    private OAuth2AccessToken load() {
        OAuth2AccessToken cached = (store == null) ? null : store.load();
        if (cached != null) {
            trace.redactor().register(cached.getTokenValue());
            current = cached;
            return cached;
        }
        return current;
    }

    private boolean dueForRenewal(OAuth2AccessToken token) {
        Instant expiresAt = token.getExpiresAt();
        return expiresAt != null && !clock.instant().isBefore(expiresAt.minus(clockSkew));
    }

    /**
     * A new token, saved; on failure the cached one stays. {@code fallBack}: serve {@code cached} (with a warning)
     * when it has not expired yet and the endpoint could not be reached, failed or ran out of time; a refusal is
     * never covered up.
     */
    private IssuedToken fetch(OAuth2AccessToken cached, boolean fallBack, Deadline deadline) {
        boolean standIn = fallBack
                && cached != null
                && cached.getExpiresAt() != null
                && clock.instant().isBefore(cached.getExpiresAt());
        OAuth2AccessToken fresh;
        try {
            // With a token that can stand in, renewal gets half of the time left: the call it is for needs the rest.
            fresh = request(standIn ? deadline.share(0.5) : deadline);
        } catch (ExitException ex) {
            if (ex.getStatus() == ExitCodes.AUTH) {
                forget();
            } else if (standIn && clock.instant().isBefore(cached.getExpiresAt())) {
                trace.warning("renewing the token failed (" + ex.getMessage() + "); using the cached one, valid until "
                        + cached.getExpiresAt());
                return new IssuedToken(cached, true);
            }
            throw ex;
        }
        current = fresh;
        if (store != null) {
            store.save(fresh);
        }
        return new IssuedToken(fresh, false);
    }

    private void forget() {
        current = null;
        if (store != null) {
            store.remove();
        }
    }

    /** One token request (with its retries), its answer checked; exit codes 4 and 5 as {@link ExitException}. */
    private OAuth2AccessToken request(Deadline deadline) {
        OAuth2AccessTokenResponse response;
        try {
            response = deadline.bound(requestToken(new OAuth2ClientCredentialsGrantRequest(registration)))
                    .block();
        } catch (RuntimeException ex) {
            throw translate(Exceptions.unwrap(ex));
        }
        if (response == null) {
            throw new ExitException(ExitCodes.NETWORK, "the token endpoint " + settings.tokenUrl() + " gave no token");
        }
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
        Instant issuedAt = clock.instant();
        Object expiresIn = response.getAdditionalParameters().get(TokenResponseReader.EXPIRES_IN);
        Instant expiresAt =
                AccessTokens.expiresAt(issuedAt, (expiresIn instanceof Long seconds) ? seconds : null, value);
        if (expiresAt == null) {
            trace.line("* the token endpoint said nothing of the token's lifetime: using it for this run only");
        } else if (!expiresAt.isAfter(issuedAt)) {
            trace.warning("the new token expired at " + expiresAt + ", before it arrived by this machine's clock: "
                    + "check the clock");
            issuedAt = expiresAt.minusSeconds(1);
        }
        return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, issuedAt, expiresAt, token.getScopes());
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
        String description = (error.getDescription() == null) ? "" : ": " + oneLine(error.getDescription(), trace);
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
                "the token endpoint refused the request: " + oneLine(code, trace) + description + " (" + hint + ")",
                cause);
    }

    /**
     * A server's text on one line, at most 200 characters. Masked before it is cut: a secret cut in half would no
     * longer be recognised by the stream's masking.
     */
    static String oneLine(String text, HttpTrace trace) {
        String single = trace.redactor().redact(text).replaceAll("\\s+", " ").trim();
        return (single.length() > 200) ? single.substring(0, 200) + "..." : single;
    }
}
