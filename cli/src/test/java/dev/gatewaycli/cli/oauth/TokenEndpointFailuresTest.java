package dev.gatewaycli.cli.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way the token endpoint can fail (docs/fidelity.md §1's error rows, and what networks and proxies do) ends in one
 * readable line on stderr and the contract's exit code: 4 when the endpoint refuses, 5 when it cannot be reached or
 * does not speak OAuth.
 */
class TokenEndpointFailuresTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    static final String SECRET = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn";

    @RegisterExtension
    static WireMockExtension cognito = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).endpoints(cognito.getRuntimeInfo().getHttpBaseUrl(), CLIENT_ID, SECRET);
        // Keep retry pauses short but present: 200 ms, then 400 ms.
        cli.env.put("GATEWAY_RETRIES", "2");
    }

    private static void assertOneLine(Result result, int exitCode, String... fragments) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
        assertThat(result.out())
                .as("stdout stays empty on failure: " + result.describe())
                .isEmpty();
        assertThat(result.err().strip().lines().count())
                .as("exactly one line on stderr: " + result.describe())
                .isEqualTo(1);
        assertThat(result.err())
                .as(result.describe())
                .startsWith("gateway-cli: ")
                .contains(fragments)
                .doesNotContain("Exception")
                .doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0} {1} -> exit 4")
    @CsvSource({
        "400, invalid_request",
        "400, invalid_client",
        "401, invalid_client",
        "400, invalid_grant",
        "400, unauthorized_client",
        "400, unsupported_grant_type",
        "400, invalid_scope"
    })
    void tokenWhenEndpointAnswersOAuthErrorThenExit4WithErrorCodeAndHint(int status, String error) {
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody("{\"error\":\"" + error + "\"}")));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.AUTH, "refused", error);
        cognito.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenErrorHasDescriptionThenDescriptionShown() {
        cognito.stubFor(
                post(urlEqualTo("/oauth2/token"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":\"invalid_scope\",\"error_description\":\"scope users/admin is not allowed\"}")));

        Result result = cli.run("token", "--scope", "users/admin");

        assertOneLine(result, ExitCodes.AUTH, "invalid_scope: scope users/admin is not allowed");
    }

    @Test
    void tokenWhenRefusedThenNoCacheEntryIsLeft() throws IOException {
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\"}")));

        cli.run("token");

        assertThat(cli.cacheFiles()).isEmpty();
    }

    @Test
    void tokenWhenHtmlErrorPageThenExit5SayingHtml() {
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "text/html")
                        .withBody(
                                "<html><head><title>403 Forbidden</title></head><body>Request blocked</body></html>")));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "answered 403 with an HTML page", "--token-url");
    }

    @Test
    void tokenWhenMalformedJsonThenExit5SayingMalformed() {
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"abc\",\"expires_in\":36")));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "answered 200 with malformed JSON");
    }

    @Test
    void tokenWhenJsonWithoutTokenOrErrorThenExit5NotATokenResponse() {
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"hello\":\"world\"}")));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "not a token response");
    }

    @Test
    void tokenWhenEmptyBodyThenExit5() {
        cognito.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(200)));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "empty body");
    }

    @Test
    void tokenWhenBodyLargerThanLimitThenExit5SizeLimit() {
        String huge = "{\"access_token\":\"" + "x".repeat(11 * 1024 * 1024) + "\",\"expires_in\":3600}";
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(huge)));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "size limit");
    }

    @Test
    void tokenWhenEndpointSlowerThanReadTimeoutThenExit5TimedOut() {
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withFixedDelay(3000)
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(TestTokens.tokenResponse("t", 3600))));

        Result result = cli.run("token", "--read-timeout", "300ms");

        assertOneLine(result, ExitCodes.NETWORK, "did not answer in time", "--read-timeout");
        cognito.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenConnectionResetEveryTimeThenRetriedThenExit5() {
        cognito.stubFor(
                post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "closed the connection");
        cognito.verify(3, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenFirstAttempt503ThenRetriedAndSucceeds() {
        String token = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable"))
                .willSetStateTo("recovered"));
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(TokenCommandTest.okToken(token, 3600)));

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(token + "\n");
        cognito.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenAlways429ThenBoundedRetriesThenExit5() {
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Too Many Requests\"}")));

        Result result = cli.run("token", "--retries", "1");

        assertOneLine(result, ExitCodes.NETWORK, "answered 429", "2 attempts");
        cognito.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void tokenWhenNothingListensThenExit5CannotConnect() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        cli.env.put("GATEWAY_TOKEN_URL", "http://127.0.0.1:" + port + "/oauth2/token");

        Result result = cli.run("token", "--retries", "0");

        assertOneLine(result, ExitCodes.NETWORK, "cannot connect", "127.0.0.1:" + port);
    }

    @Test
    void tokenWhenHostUnknownThenExit5UnknownHost() {
        cli.env.put("GATEWAY_TOKEN_URL", "http://no-such-host.invalid/oauth2/token");

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "unknown host no-such-host.invalid");
    }

    @Test
    void tokenWhenCertificateNotTrustedThenExit5Tls() {
        cli.env.put("GATEWAY_TOKEN_URL", "https://localhost:" + cognito.getHttpsPort() + "/oauth2/token");

        Result result = cli.run("token");

        assertOneLine(
                result,
                ExitCodes.NETWORK,
                "the certificate of localhost:" + cognito.getHttpsPort() + " is not signed by a CA this CLI trusts");
        assertThat(result.err()).contains("--cacert FILE").contains("GATEWAY_CA_FILE");
        cognito.verify(0, postRequestedFor(urlEqualTo("/oauth2/token")));
    }
}
