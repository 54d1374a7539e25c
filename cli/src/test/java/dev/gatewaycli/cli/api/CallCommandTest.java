package dev.gatewaycli.cli.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import dev.gatewaycli.cli.process.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gateway-cli call} against WireMock playing Cognito's token endpoint and API Gateway's stage. */
class CallCommandTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    static final String SECRET = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmn";

    static final String HELLO = "{\"content\":\"Hello from the Lambda function!\"}";

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    String token;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).endpoints(aws.baseUrl(), CLIENT_ID, SECRET);
        token = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        aws.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(token(token)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder token(String value) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(TestTokens.tokenResponse(value, 3600));
    }

    /** API Gateway's 401 when its Cognito authorizer refuses the token (docs/fidelity.md §2). */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder authorizerRefusal() {
        return aResponse()
                .withStatus(401)
                .withHeader("x-amzn-ErrorType", "UnauthorizedException")
                .withBody("{\"message\":\"Unauthorized\"}");
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder hello() {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Access-Control-Allow-Origin", "*")
                .withBody(HELLO);
    }

    @Test
    void callWhenNoPathThenGetsApiRootWithRawTokenAndPrintsBody() {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));

        Result result = cli.run("call");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).as("stdout is the response body").isEqualTo(HELLO);
        aws.verify(1, getRequestedFor(urlEqualTo("/prod/")).withHeader("Authorization", equalTo(token)));
    }

    @Test
    void callWhenBearerThenAuthorizationHasBearerScheme() {
        aws.stubFor(get(urlEqualTo("/prod/users")).willReturn(hello()));

        Result result = cli.run("call", "--bearer", "/users");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        aws.verify(getRequestedFor(urlEqualTo("/prod/users")).withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void callWhenDataGivenThenPostsItAsJsonWithExtraHeaders() {
        aws.stubFor(post(urlEqualTo("/prod/items?dry=1"))
                .willReturn(aResponse().withStatus(201).withBody("{}")));

        Result result =
                cli.run("call", "-d", "{\"name\":\"x\"}", "-H", "X-Trace: abc", "-H", "X-Other:2", "items?dry=1");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        aws.verify(postRequestedFor(urlEqualTo("/prod/items?dry=1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Trace", equalTo("abc"))
                .withHeader("X-Other", equalTo("2"))
                .withRequestBody(equalTo("{\"name\":\"x\"}")));
    }

    @Test
    void callWhenDataFromFileAndMethodGivenThenSendsFileContent() throws Exception {
        Path body = Files.writeString(home.resolve("body.json"), "{\"from\":\"file\"}");
        aws.stubFor(any(urlEqualTo("/prod/items/1"))
                .willReturn(aResponse().withStatus(200).withBody("ok")));

        Result result = cli.run("call", "-X", "put", "-d", "@" + body, "-H", "Content-Type: text/plain", "/items/1");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        aws.verify(anyRequestedFor(urlEqualTo("/prod/items/1"))
                .withHeader("Content-Type", equalTo("text/plain"))
                .withRequestBody(equalTo("{\"from\":\"file\"}")));
        assertThat(aws.getAllServeEvents().stream()
                        .anyMatch((e) -> e.getRequest().getMethod().getName().equals("PUT")))
                .as("-X put sends PUT")
                .isTrue();
    }

    @Test
    void callWhenIncludeThenStatusLineAndHeadersBeforeBody() {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));

        Result result = cli.run("call", "-i", "/");

        assertThat(result.out())
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Access-Control-Allow-Origin: *\r\n")
                .endsWith("\r\n\r\n" + HELLO);
    }

    @Test
    void callWhenFullUrlUnderApiThenAccepted() {
        aws.stubFor(get(urlEqualTo("/prod/x")).willReturn(hello()));

        Result result = cli.run("call", aws.baseUrl() + "/prod/x");

        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    @Test
    void callWhenFullUrlOutsideApiThenUsageErrorAndTokenNotSent() {
        Result result = cli.run("call", "https://evil.example/steal");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("not under the API URL");
        aws.verify(0, anyRequestedFor(urlPathEqualTo("/oauth2/token")));
    }

    @Test
    void callWhenApiAnswers403ThenBodyPrintedExit1AndMessageOnStderr() {
        aws.stubFor(get(urlEqualTo("/prod/nope"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("x-amzn-errortype", "MissingAuthenticationTokenException")
                        .withBody("{\"message\":\"Missing Authentication Token\"}")));

        Result result = cli.run("call", "/nope");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(result.err())
                .contains("403 Forbidden: Missing Authentication Token")
                .contains("check PATH");
    }

    @Test
    void callWhenCachedTokenRefusedWith401ThenNewTokenAndOneRetry() {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(hello()));
        assertThat(cli.run("call").exitCode()).isZero();
        String fresh = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        aws.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(token(fresh)));
        aws.stubFor(get(urlEqualTo("/prod/"))
                .inScenario("revoked")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(authorizerRefusal())
                .willSetStateTo("renewed"));
        aws.stubFor(get(urlEqualTo("/prod/"))
                .inScenario("revoked")
                .whenScenarioStateIs("renewed")
                .willReturn(hello()));

        Result result = cli.run("call");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(HELLO);
        aws.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        aws.verify(getRequestedFor(urlEqualTo("/prod/")).withHeader("Authorization", equalTo(fresh)));
        assertThat(cli.run("token").out())
                .as("the cache now holds the new token")
                .isEqualTo(fresh + "\n");
    }

    /** POST goes through the JDK's HttpURLConnection, PATCH (which it refuses) through WebClient: the same rules. */
    @ParameterizedTest
    @ValueSource(strings = {"POST", "PATCH"})
    void callWhenCachedTokenRefusedWith401ThenRenewedAndSentOnceMoreWhicheverTransport(String method) {
        aws.stubFor(any(urlEqualTo("/prod/items/1")).willReturn(hello()));
        assertThat(cli.run("call", "-X", method, "/items/1").exitCode()).isZero();
        String fresh = TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), 3600);
        aws.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(token(fresh)));
        aws.stubFor(any(urlEqualTo("/prod/items/1"))
                .inScenario("revoked " + method)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(authorizerRefusal())
                .willSetStateTo("renewed"));
        aws.stubFor(any(urlEqualTo("/prod/items/1"))
                .inScenario("revoked " + method)
                .whenScenarioStateIs("renewed")
                .willReturn(hello()));

        Result result = cli.run("call", "-X", method, "-d", "{\"n\":1}", "/items/1");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(HELLO);
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> sent =
                aws.findAll(anyRequestedFor(urlEqualTo("/prod/items/1")));
        assertThat(sent).hasSize(3);
        assertThat(sent).allSatisfy((r) -> assertThat(r.getMethod().getName()).isEqualTo(method));
        assertThat(sent.get(2).getHeader("Authorization")).isEqualTo(fresh);
        assertThat(sent.get(2).getBodyAsString()).isEqualTo("{\"n\":1}");
    }

    @Test
    void callWhenPatchWithIncludeThenAnsweredThroughWebClientLikeAnyOtherMethod() {
        aws.stubFor(any(urlEqualTo("/prod/items/2")).willReturn(hello()));

        Result result = cli.run("call", "-X", "PATCH", "-d", "{\"a\":1}", "-i", "-v", "/items/2");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).startsWith("HTTP/1.1 200 OK\r\n").endsWith(HELLO);
        assertThat(result.err()).contains("> PATCH " + aws.baseUrl() + "/prod/items/2", "> Authorization: ****");
        assertThat(result.err()).doesNotContain(token);
        aws.verify(
                1,
                anyRequestedFor(urlEqualTo("/prod/items/2"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withHeader("Authorization", equalTo(token))
                        .withRequestBody(equalTo("{\"a\":1}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length: 3", "transfer-encoding: chunked"})
    void callWhenHeaderFramesTheBodyThenExit2BeforeAnyRequest(String header) {
        Result result = cli.run("call", "-H", header, "-d", "abc", "/items");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("the CLI frames the body itself (-d)");
        aws.verify(0, anyRequestedFor(urlPathEqualTo("/prod/items")));
    }

    @Test
    void callWhenFreshTokenRefusedWith401ThenNoRetryAndExit1() {
        aws.stubFor(get(urlEqualTo("/prod/")).willReturn(authorizerRefusal()));

        Result result = cli.run("call");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("401 Unauthorized: Unauthorized");
        aws.verify(1, getRequestedFor(urlEqualTo("/prod/")));
        aws.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void callWhenApiAnswers503ThenNotRetried() {
        aws.stubFor(post(urlEqualTo("/prod/orders"))
                .willReturn(aResponse().withStatus(503).withBody("{}")));

        Result result = cli.run("call", "-d", "{}", "/orders");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        aws.verify(1, postRequestedFor(urlEqualTo("/prod/orders")));
    }

    @Test
    void callWhenApiResetsConnectionThenExit5AndNotRetried() {
        aws.stubFor(post(urlEqualTo("/prod/orders")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Result result = cli.run("call", "-d", "{}", "/orders");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err()).contains("closed the connection");
        aws.verify(1, postRequestedFor(urlEqualTo("/prod/orders")));
    }

    @Test
    void callWhenApiSlowerThanReadTimeoutThenExit5() {
        aws.stubFor(get(urlEqualTo("/prod/slow")).willReturn(hello().withFixedDelay(3000)));

        Result result = cli.run("call", "--read-timeout", "300ms", "/slow");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err()).contains("did not answer in time");
    }

    @Test
    void callWhenApiBodyOverLimitThenExit5() {
        aws.stubFor(get(urlEqualTo("/prod/big"))
                .willReturn(aResponse().withStatus(200).withBody("x".repeat(10 * 1024 * 1024 + 1))));

        Result result = cli.run("call", "/big");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err()).contains("size limit");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void callWhenNoApiUrlThenExit3() {
        cli.env.remove("GATEWAY_API_URL");

        Result result = cli.run("call");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains("no API URL").contains("--api-url").contains("GATEWAY_API_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-H=NoColonHere", "-H=: empty name", "-X=GET POST", "-d=@/no/such/file"})
    void callWhenBadInputThenExit2BeforeAnyRequest(String option) {
        Result result = cli.run("call", option, "/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip().lines().count()).isEqualTo(1);
        aws.verify(0, anyRequestedFor(urlPathEqualTo("/oauth2/token")).withHeader("Authorization", absent()));
        assertThat(aws.getAllServeEvents()).as("no request for bad input").isEmpty();
    }
}
