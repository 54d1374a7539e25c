package dev.gatewaycli.cli.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gateway-cli token} against a WireMock Cognito token endpoint: client authentication, scopes, the cache. */
class TokenCommandTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    /** Every character whose encoding is in question (docs/fidelity.md §1): + / = and %. */
    static final String AWKWARD_SECRET = "s3cr+et/with=pad%25and+plus";

    @RegisterExtension
    static WireMockExtension cognito = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    String token;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).endpoints(cognito.baseUrl(), CLIENT_ID, AWKWARD_SECRET);
        token = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        cognito.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okToken(token, 3600)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okToken(String token, long expiresIn) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("x-amz-cognito-request-id", "c0ffee00-0000-4000-8000-000000000000")
                .withBody(TestTokens.tokenResponse(token, expiresIn));
    }

    @Test
    void tokenWhenBasicAuthByDefaultThenHeaderCarriesRawBase64OfIdAndSecret() {
        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .as("stdout is the token and a newline, nothing else")
                .isEqualTo(token + "\n");
        String expected =
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + AWKWARD_SECRET).getBytes(StandardCharsets.UTF_8));
        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withHeader("Authorization", equalTo("Basic " + expected))
                        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                        .withFormParam("grant_type", equalTo("client_credentials"))
                        .withFormParam("client_secret", absent()));
    }

    @Test
    void tokenWhenBasicEncodingFormThenHeaderCarriesRfc6749FormEncodedCredentials() {
        Result result = cli.run("token", "--basic-encoding", "form");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        String expected = Base64.getEncoder()
                .encodeToString((URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(AWKWARD_SECRET, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withHeader("Authorization", equalTo("Basic " + expected)));
    }

    @Test
    void tokenWhenPostAuthThenIdAndSecretReachTheFormBodyIntactAndNoBasicHeader() {
        cli.env.put("GATEWAY_CLIENT_AUTH", "post");

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        // WireMock decodes the form body: equality proves + / = % survived the encoding round trip.
        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withHeader("Authorization", absent())
                        .withFormParam("client_id", equalTo(CLIENT_ID))
                        .withFormParam("client_secret", equalTo(AWKWARD_SECRET))
                        .withFormParam("grant_type", equalTo("client_credentials")));
    }

    @Test
    void tokenWhenOneScopeGivenThenScopeParameterSent() {
        Result result = cli.run("token", "--scope", "users/read-only");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(
                1, postRequestedFor(urlEqualTo("/oauth2/token")).withFormParam("scope", equalTo("users/read-only")));
    }

    @Test
    void tokenWhenSeveralScopesGivenThenOneSpaceSeparatedScopeParameter() {
        Result result = cli.run("token", "--scope", "users/read-only", "--scope", "users/write");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withFormParam("scope", equalTo("users/read-only users/write")));
    }

    @Test
    void tokenWhenScopesFromEnvironmentThenSpaceSeparatedValueSplit() {
        cli.env.put("GATEWAY_SCOPE", "users/write  users/read-only");

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withFormParam("scope", equalTo("users/write users/read-only")));
    }

    @Test
    void tokenWhenScopeOmittedThenNoScopeParameterSoCognitoGrantsAll() {
        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")).withFormParam("scope", absent()));
    }

    @Test
    void tokenWhenRunTwiceThenSecondRunServedFromCacheWithOneTokenRequest() {
        Result first = cli.run("token");
        Result second = cli.run("token", "-o", "json");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.out())
                .as("second run prints the cached token")
                .contains("\"access_token\":\"" + token + "\"")
                .contains("\"from_cache\":true");
        cognito.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenCachedTokenNearExpiryThenRenewedAtClockSkewBeforeExpiry() {
        assertThat(cli.run("token").exitCode()).isZero();

        // 3600 s token; 60 s clock skew. At +3500 s it is still good, at +3541 s it is within the skew.
        cli.clock.advance(Duration.ofSeconds(3500));
        Result stillCached = cli.run("token");
        assertThat(stillCached.out())
                .as("at +3500 s the cached token is still used")
                .isEqualTo(token + "\n");
        cognito.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));

        String renewed = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        cognito.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(okToken(renewed, 3600)));
        cli.clock.advance(Duration.ofSeconds(41));
        Result renewal = cli.run("token");

        assertThat(renewal.out())
                .as("within 60 s of expiry a new token is fetched")
                .isEqualTo(renewed + "\n");
        cognito.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenRefreshThenNewTokenDespiteValidCache() {
        cli.run("token");

        Result refreshed = cli.run("token", "--refresh", "-o", "json");

        assertThat(refreshed.exitCode()).as(refreshed.describe()).isZero();
        assertThat(refreshed.out()).contains("\"from_cache\":false");
        cognito.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenNoCacheThenNeitherReadsNorWritesTheCache() throws Exception {
        cli.run("token", "--no-cache");
        cli.run("token", "--no-cache");

        cognito.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        assertThat(cli.cacheFiles())
                .as("--no-cache must not write a cache entry")
                .isEmpty();
    }

    @Test
    void tokenWhenDecodeThenHeaderAndClaimsAsJson() {
        Result result = cli.run("token", "--decode");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("\"header\"")
                .contains("\"alg\" : \"RS256\"")
                .contains("\"kid\"")
                .contains("\"claims\"")
                .contains("\"token_use\" : \"access\"")
                .contains("\"client_id\" : \"" + CLIENT_ID + "\"")
                .contains("\"scope\" : \"users/read-only\"")
                .doesNotContain(token);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "this is not json",
                "{\"format\":1,\"tokenUrl\":\"http://elsewhere/oauth2/token\","
                        + "\"clientId\":\"other\",\"requestedScopes\":[],\"scopes\":[],\"issuedAt\":1,\"expiresAt\":99999999999,"
                        + "\"accessToken\":\"foreign-token\"}",
                "{\"format\":99}"
            })
    void tokenWhenCacheFileCorruptOrForeignThenIgnoredAndReplaced(String content) throws Exception {
        assertThat(cli.run("token").exitCode()).isZero();
        Path entry = cli.cacheFiles().get(0);
        Files.writeString(entry, content);

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(token + "\n");
        cognito.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        assertThat(Files.readString(entry)).as("the bad entry was replaced").contains(token);
    }
}
