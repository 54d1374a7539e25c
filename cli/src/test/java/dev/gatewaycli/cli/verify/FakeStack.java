package dev.gatewaycli.cli.verify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A Cognito + API Gateway stack played by WireMock, healthy by default, with one switch per way of being broken
 * that a check of docs/verify.md catches. Tokens are Cognito-shaped (docs/fidelity.md §1) and really RS256-signed; the
 * JWKS holds the public key; the API answers as API Gateway's Cognito authorizer would (docs/fidelity.md §2) for a method with scope
 * {@code users/read-only}, and the client is allowed {@code users/read-only} and {@code users/write}.
 */
final class FakeStack {

    static final String POOL_ID = "us-east-1_AbCdEf123";

    static final String ISSUER = TestTokens.POOL_ISSUER;

    static final String CLIENT_ID = "1example23456789abcdefghij";

    static final String SECRET = "verifysecretabcdefghijklmnopqrstuvwxyz0123456789xyz";

    static final String READ = "users/read-only";

    static final String WRITE = "users/write";

    static final String HELLO = "{\"content\":\"Hello from the Lambda function!\"}";

    /** Issued for scope users/read-only. */
    final String readToken;

    /** Issued without a scope parameter: every scope of the client. */
    final String allToken;

    /** Issued for scope users/write. */
    final String writeToken;

    private final WireMockExtension wm;

    private FakeStack(WireMockExtension wm, List<String> readTokenScopes) {
        this.wm = wm;
        this.readToken = token(readTokenScopes);
        this.allToken = token(List.of(READ, WRITE));
        this.writeToken = token(List.of(WRITE));
    }

    /** Everything as Cognito and API Gateway do it. */
    static FakeStack healthy(WireMockExtension wm) {
        FakeStack stack = new FakeStack(wm, List.of(READ));
        stack.tokenEndpoint();
        stack.jwks();
        stack.authorizedApi(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(HELLO));
        return stack;
    }

    /** The token endpoint answers a request for users/read-only with a token that carries users/write only. */
    static FakeStack tokenWithoutTheScope(WireMockExtension wm) {
        FakeStack stack = new FakeStack(wm, List.of(WRITE));
        stack.tokenEndpoint();
        stack.jwks();
        stack.authorizedApi(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(HELLO));
        return stack;
    }

    /** The API's authorizer is missing: every request to the method gets the function's answer. */
    static FakeStack apiAcceptingAnyToken(WireMockExtension wm) {
        FakeStack stack = healthy(wm);
        wm.stubFor(get(urlPathEqualTo("/prod/"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(HELLO)));
        return stack;
    }

    /** The API answers 500 to everything (a broken deployment). */
    static FakeStack apiFailing(WireMockExtension wm) {
        FakeStack stack = healthy(wm);
        wm.stubFor(get(urlPathMatching("/prod/.*"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Internal server error\"}")));
        return stack;
    }

    /** The function answers another body. */
    static FakeStack bodyDiffering(WireMockExtension wm) {
        FakeStack stack = new FakeStack(wm, List.of(READ));
        stack.tokenEndpoint();
        stack.jwks();
        stack.authorizedApi(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"content\":\"Hello from another function\"}"));
        return stack;
    }

    /** The CLI's environment for this stack: endpoints, client, the pool's JWKS and id, the method's scope. */
    TestCli configure(TestCli cli) {
        cli.endpoints(wm.baseUrl(), CLIENT_ID, SECRET);
        cli.env.put("GATEWAY_SCOPE", READ);
        cli.env.put("GATEWAY_JWKS_URL", wm.baseUrl() + "/" + POOL_ID + "/.well-known/jwks.json");
        cli.env.put("GATEWAY_USER_POOL_ID", POOL_ID);
        cli.env.put("GATEWAY_RETRIES", "0");
        return cli;
    }

    private void tokenEndpoint() {
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        // Anything else, a wrong secret included: Cognito's invalid_client (docs/fidelity.md §1).
        wm.stubFor(post(urlEqualTo("/oauth2/token"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody("{\"error\":\"invalid_client\"}")));
        wm.stubFor(post(urlEqualTo("/oauth2/token"))
                .atPriority(3)
                .withHeader("Authorization", equalTo(basic))
                .withRequestBody(notContaining("scope="))
                .willReturn(tokenResponse(allToken)));
        wm.stubFor(post(urlEqualTo("/oauth2/token"))
                .atPriority(2)
                .withHeader("Authorization", equalTo(basic))
                .withFormParam("scope", equalTo(READ))
                .willReturn(tokenResponse(readToken)));
        wm.stubFor(post(urlEqualTo("/oauth2/token"))
                .atPriority(2)
                .withHeader("Authorization", equalTo(basic))
                .withFormParam("scope", equalTo(WRITE))
                .willReturn(tokenResponse(writeToken)));
    }

    private void jwks() {
        wm.stubFor(get(urlEqualTo("/" + POOL_ID + "/.well-known/jwks.json"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(new JWKSet(TestTokens.publicKey()).toString())));
    }

    /** GET /prod/ wants a token with users/read-only, raw or Bearer; other paths are unknown to the gateway. */
    private void authorizedApi(ResponseDefinitionBuilder answer) {
        wm.stubFor(get(anyUrl())
                .atPriority(9)
                .willReturn(gateway(403, "Missing Authentication Token", "MissingAuthenticationTokenException")));
        wm.stubFor(get(urlPathEqualTo("/prod/"))
                .atPriority(5)
                .willReturn(gateway(401, "Unauthorized", "UnauthorizedException")));
        for (String token : List.of(readToken, allToken)) {
            if (token.equals(readToken) && !scopeOf(readToken).contains(READ)) {
                continue;
            }
            wm.stubFor(get(urlPathEqualTo("/prod/"))
                    .atPriority(4)
                    .withHeader("Authorization", equalTo(token))
                    .willReturn(answer));
            wm.stubFor(get(urlPathEqualTo("/prod/"))
                    .atPriority(4)
                    .withHeader("Authorization", equalTo("Bearer " + token))
                    .willReturn(answer));
        }
    }

    static ResponseDefinitionBuilder gateway(int status, String message, String type) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-errortype", type)
                .withBody("{\"message\":\"" + message + "\"}");
    }

    private static ResponseDefinitionBuilder tokenResponse(String token) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("{\"access_token\":\"" + token + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
    }

    private static String scopeOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("scope");
        } catch (java.text.ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String token(List<String> scopes) {
        return TestTokens.accessToken(CLIENT_ID, scopes, 3600);
    }
}
