package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.Secret;
import dev.gatewaycli.cli.config.Setting;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.SignIn;
import dev.gatewaycli.cli.http.AwsSdkTrace;
import dev.gatewaycli.cli.http.BoundedResponses;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.NetworkErrors;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;

/**
 * A user's sign-in at Cognito's Identity Provider API, {@code InitiateAuth}, through the AWS SDK's
 * {@link CognitoIdentityProviderClient}: {@code USER_PASSWORD_AUTH} with the password, {@code REFRESH_TOKEN_AUTH} with
 * a refresh token, each with a {@code SECRET_HASH} when the app client has a secret (docs/fidelity.md, "Cognito's
 * Identity Provider API"). {@code InitiateAuth} is a public operation: the client sends it unsigned, with no AWS
 * credentials, so the credential chain is never consulted (and never reaches for an instance's metadata).
 */
final class CognitoSignIn implements AutoCloseable {

    /** A Region for the SDK's builder when only the endpoint is known; unsigned calls use it for nothing else. */
    private static final String ANY_REGION = "us-east-1";

    private final SignIn signIn;

    private final HttpTrace trace;

    private final IdpErrors errors;

    private final SdkHttpClient http;

    private final CognitoIdentityProviderClient cognito;

    CognitoSignIn(SignIn signIn, Settings.Http settings, HttpTrace trace) {
        this.signIn = Objects.requireNonNull(signIn, "signIn cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        this.errors = new IdpErrors(signIn, trace.redactor());
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.readTimeout())
                .build();
        this.cognito = CognitoIdentityProviderClient.builder()
                .region(Region.of((signIn.region() != null) ? signIn.region() : ANY_REGION))
                .endpointOverride(signIn.idpUrl())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(http)
                .overrideConfiguration((c) -> c.retryStrategy((retry) -> retry.maxAttempts(settings.retries() + 1))
                        .addExecutionInterceptor(new AwsSdkTrace(trace::line))
                        .addExecutionInterceptor(new BoundedResponses(settings.maxResponseBytes())))
                .build();
    }

    /** {@code USER_PASSWORD_AUTH}: the user's tokens by {@code deadline}, or exit 3/4/5 with one line. */
    Tokens withPassword(Secret password, Deadline deadline) {
        trace.redactor().register(password.reveal());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("USERNAME", signIn.user());
        parameters.put("PASSWORD", password.reveal());
        addSecretHash(parameters, signIn.user());
        trace.line("* signing in " + signIn.user() + " with USER_PASSWORD_AUTH at " + signIn.idpUrl());
        try {
            return tokens(initiate(AuthFlowType.USER_PASSWORD_AUTH, parameters, deadline));
        } catch (SdkException ex) {
            throw errors.signIn(ex);
        }
    }

    /**
     * {@code REFRESH_TOKEN_AUTH}: new ID and access tokens for the refresh token, no password, by {@code deadline}.
     * Cognito refusing the refresh token (expired, revoked, signed out, another client's) is a
     * {@link RefreshRefusedException}, so that the caller can sign in with the password instead; a network failure,
     * throttling or the deadline is exit 5 as always.
     *
     * @param username the user's name in the pool ({@code username} in the access token): a {@code SECRET_HASH} for
     *     a refresh is computed with it, not with an alias the user may have typed
     */
    Tokens withRefreshToken(String refreshToken, String username, Deadline deadline) throws RefreshRefusedException {
        trace.redactor().register(refreshToken);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("REFRESH_TOKEN", refreshToken);
        addSecretHash(parameters, username);
        trace.line("* renewing the tokens of " + signIn.user() + " with REFRESH_TOKEN_AUTH at " + signIn.idpUrl());
        InitiateAuthResponse response;
        try {
            response = initiate(AuthFlowType.REFRESH_TOKEN_AUTH, parameters, deadline);
        } catch (SdkException ex) {
            if (errors.isRefusal(ex)) {
                throw new RefreshRefusedException(errors.describe(ex));
            }
            throw errors.signIn(ex);
        }
        return tokens(response);
    }

    /**
     * One {@code InitiateAuth}, its attempts bounded by what is left of {@code deadline} (the SDK's API call timeout
     * covers them all and the reading of the answer).
     */
    private InitiateAuthResponse initiate(AuthFlowType flow, Map<String, String> parameters, Deadline deadline) {
        if (deadline.passed()) {
            throw NetworkErrors.exceeded(Setting.IDP_URL.what(), signIn.idpUrl(), deadline.budget(), null);
        }
        try {
            return cognito.initiateAuth((r) -> r.clientId(signIn.clientId())
                    .authFlow(flow)
                    .authParameters(parameters)
                    .overrideConfiguration((o) -> o.apiCallTimeout(deadline.remaining())));
        } catch (ApiCallTimeoutException ex) {
            throw NetworkErrors.exceeded(Setting.IDP_URL.what(), signIn.idpUrl(), deadline.budget(), ex);
        }
    }

    private void addSecretHash(Map<String, String> parameters, String username) {
        if (signIn.clientSecret() != null) {
            String hash = secretHash(signIn.clientSecret().reveal(), username, signIn.clientId());
            trace.redactor().register(hash);
            parameters.put("SECRET_HASH", hash);
        }
    }

    private Tokens tokens(InitiateAuthResponse response) {
        if (response.challengeNameAsString() != null) {
            throw errors.challenge(response.challengeNameAsString());
        }
        AuthenticationResultType result = response.authenticationResult();
        if (result == null || isBlank(result.accessToken()) || isBlank(result.idToken())) {
            throw new ExitException(
                    ExitCodes.NETWORK,
                    "the Cognito IdP API at " + signIn.idpUrl()
                            + " answered the sign-in without an access and an ID token: check --idp-url");
        }
        String refreshToken = isBlank(result.refreshToken()) ? null : result.refreshToken();
        // Checked like the token endpoint's: the tokens are printed, cached and sent in a header.
        if (!AccessTokens.wellFormed(result.accessToken())
                || !AccessTokens.wellFormed(result.idToken())
                || (refreshToken != null && !AccessTokens.wellFormed(refreshToken))) {
            throw new ExitException(
                    ExitCodes.NETWORK,
                    "the Cognito IdP API at " + signIn.idpUrl() + " answered a token with spaces, control characters "
                            + "or non-ASCII characters, which no token may hold (RFC 6749 A.12): check --idp-url");
        }
        trace.redactor().register(result.accessToken());
        trace.redactor().register(result.idToken());
        trace.redactor().register(refreshToken);
        return new Tokens(result.accessToken(), result.idToken(), refreshToken, result.expiresIn());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Cognito's {@code SECRET_HASH}: {@code Base64(HMAC_SHA256(key = client secret, message = user name + client
     * id))} (docs/fidelity.md, "Cognito's Identity Provider API").
     */
    static String secretHash(String clientSecret, String username, String clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", ex);
        }
    }

    @Override
    public void close() {
        cognito.close();
        http.close();
    }

    /**
     * What a successful {@code InitiateAuth} gives.
     *
     * @param refreshToken null after a refresh, unless the app client rotates refresh tokens
     * @param expiresIn the access token's lifetime in seconds, or null when Cognito did not say
     */
    record Tokens(String accessToken, String idToken, String refreshToken, Integer expiresIn) {

        /** Never the tokens. */
        @Override
        public String toString() {
            return "Tokens[****]";
        }
    }

    /** Cognito refused a refresh token; the message says why, without the token. */
    static final class RefreshRefusedException extends Exception {

        private static final long serialVersionUID = 1L;

        RefreshRefusedException(String why) {
            super(why, null, false, false);
        }
    }
}
