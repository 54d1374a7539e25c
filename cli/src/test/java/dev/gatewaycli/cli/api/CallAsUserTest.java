package dev.gatewaycli.cli.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gatewaycli.cli.CognitoWire;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import dev.gatewaycli.cli.process.ExitCodes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway-cli call --user}: the user's token in {@code Authorization} (the ID token with {@code --id-token},
 * what a method without scopes takes), and the authorizer's 401 to a cached token renewed through the refresh token,
 * once.
 */
@Timeout(60)
class CallAsUserTest {

    static final String CLIENT_ID = "6example0client0for0users1";

    static final String HELLO = "{\"content\":\"Hello from the Lambda function!\"}";

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    String accessToken;

    String idToken;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).signIn(aws.baseUrl(), CLIENT_ID, "Passw0rd!");
        cli.env.put("GATEWAY_API_URL", aws.baseUrl() + "/prod");
        cli.env.put("GATEWAY_USER", "alice");
        Instant now = cli.clock.instant();
        accessToken = TestTokens.userAccessToken("alice", CLIENT_ID, List.of(), now, 3600);
        idToken = TestTokens.idToken("alice", CLIENT_ID, now, 3600);
        aws.stubFor(CognitoWire.operation("InitiateAuth")
                .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("USER_PASSWORD_AUTH")))
                .willReturn(CognitoWire.ok(CognitoWire.authenticationResult(accessToken, idToken, "refresh-1", 3600))));
        aws.stubFor(get(urlEqualTo("/prod/"))
                .withHeader("Authorization", equalTo(idToken))
                .willReturn(aResponse().withStatus(200).withBody(HELLO)));
    }

    @Test
    void callWhenUserAndIdTokenThenTheApiGetsTheUsersIdToken() {
        Result result = cli.run("call", "--id-token", "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(HELLO);
        aws.verify(1, getRequestedFor(urlEqualTo("/prod/")).withHeader("Authorization", equalTo(idToken)));
    }

    @Test
    void callWhenUserWithoutIdTokenThenTheAccessTokenWhichAMethodWithoutScopesRefuses() {
        aws.stubFor(get(urlEqualTo("/prod/"))
                .withHeader("Authorization", equalTo(accessToken))
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Unauthorized\"}")));

        Result result = cli.run("call", "/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("401").contains("--id-token");
    }

    @Test
    void callWhenTheApiRefusesACachedUserTokenThenItIsRenewedWithTheRefreshTokenAndSentOnceMore() {
        assertThat(cli.run("token", "--id-token").exitCode()).isZero();
        String renewed = TestTokens.idToken("alice", CLIENT_ID, cli.clock.instant(), 3600);
        aws.stubFor(CognitoWire.operation("InitiateAuth")
                .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("REFRESH_TOKEN_AUTH")))
                .willReturn(CognitoWire.ok(CognitoWire.authenticationResult(
                        TestTokens.userAccessToken("alice", CLIENT_ID, List.of(), cli.clock.instant(), 3600),
                        renewed,
                        null,
                        3600))));
        aws.stubFor(get(urlEqualTo("/prod/"))
                .inScenario("revoked")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(CallCommandTest.authorizerRefusal())
                .willSetStateTo("renewed"));
        aws.stubFor(get(urlEqualTo("/prod/"))
                .inScenario("revoked")
                .whenScenarioStateIs("renewed")
                .withHeader("Authorization", equalTo(renewed))
                .willReturn(aResponse().withStatus(200).withBody(HELLO)));

        Result result = cli.run("call", "--id-token", "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(HELLO);
        aws.verify(2, getRequestedFor(urlEqualTo("/prod/")));
        aws.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthParameters.REFRESH_TOKEN", equalTo("refresh-1"))));
    }

    @Test
    void callWhenUserAndNoApiUrlThenExit3BeforeAnyPasswordIsRead() {
        cli.env.remove("GATEWAY_API_URL");
        cli.env.remove("GATEWAY_PASSWORD");

        Result result = cli.run("call", "/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains("no API URL");
        assertThat(aws.getAllServeEvents()).isEmpty();
    }
}
