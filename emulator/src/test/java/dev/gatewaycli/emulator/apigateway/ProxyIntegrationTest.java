package dev.gatewaycli.emulator.apigateway;

import static dev.gatewaycli.emulator.apigateway.ApiGatewayTest.assertGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.LogCapture;
import dev.gatewaycli.emulator.TestStacks;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Lambda proxy integration: the event the function receives, the Context, the isolated class loader, the
 * CloudWatch-style log lines, and the 502/504 paths. The functions are the test functions of
 * {@code dev.gatewaycli.emulator.testfunctions}, loaded from a directory asset as a real deployment package, each in
 * its own JVM through AWS's runtime interface client ({@link InProcessProxyIntegrationTest}: the same in the
 * emulator's JVM).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ProxyIntegrationTest {

    GatewayEmulator emu;
    String token;
    LogCapture log;

    /** Where the functions run. */
    FunctionSettings.Mode mode() {
        return FunctionSettings.Mode.PROCESS;
    }

    @BeforeAll
    void start(@TempDir Path assets) {
        log = LogCapture.functions();
        emu = GatewayEmulator.builder()
                .model(TestStacks.withTestFunctions("Functions", assets))
                .settings(EmulatorSettings.defaults()
                        // Long enough for a JVM's cold start before the 1 s function timeout, short of the slow
                        // function's 20 s.
                        .withIntegrationTimeout(Duration.ofSeconds(8))
                        .withFunctions(FunctionSettings.defaults()
                                .withMode(mode())
                                .withCacheDirectory(assets.resolve("cache"))))
                .start();
        token = Http.token(emu);
    }

    @AfterAll
    void stop() {
        emu.close();
        log.close();
    }

    /** The event as the echo function received it. */
    JsonNode echo(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("echo status, body %s", r.body()).isEqualTo(200);
        return Http.json(r.body());
    }

    @Test
    void eventWhenAuthorisedGetThenShapedAsApiGatewayBuildsIt() {
        HttpResponse<String> r = Http.get(
                emu.apiUrl() + "echo?a=1&b=x%20y&a=2",
                "Authorization",
                token,
                "X-Custom",
                "one",
                "User-Agent",
                "gateway-test/1.0");
        JsonNode event = echo(r);

        assertThat(event.get("resource").asString()).isEqualTo("/echo");
        assertThat(event.get("path").asString()).as("path without the stage").isEqualTo("/echo");
        assertThat(event.get("httpMethod").asString()).isEqualTo("GET");
        assertThat(event.at("/headers/X-Custom").asString()).isEqualTo("one");
        assertThat(event.at("/multiValueHeaders/X-Custom/0").asString()).isEqualTo("one");
        assertThat(event.at("/queryStringParameters/a").asString())
                .as("last value wins")
                .isEqualTo("2");
        assertThat(event.at("/queryStringParameters/b").asString()).isEqualTo("x y");
        assertThat(event.at("/multiValueQueryStringParameters/a")).hasSize(2);
        assertThat(event.get("pathParameters").isNull()).isTrue();
        assertThat(event.get("stageVariables").isNull()).isTrue();
        assertThat(event.get("body").isNull()).isTrue();
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();

        JsonNode context = event.get("requestContext");
        assertThat(context.get("stage").asString()).isEqualTo("v1");
        assertThat(context.get("resourcePath").asString()).isEqualTo("/echo");
        assertThat(context.get("path").asString()).isEqualTo("/v1/echo");
        assertThat(context.get("httpMethod").asString()).isEqualTo("GET");
        assertThat(context.get("requestId").asString())
                .as("request id = x-amzn-RequestId")
                .isEqualTo(r.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(context.get("accountId").asString()).isEqualTo("123456789012");
        assertThat(context.get("apiId").asString()).matches("[a-z0-9]{10}");
        assertThat(context.get("domainName").asString())
                .isEqualTo(context.get("apiId").asString() + ".execute-api.us-east-1.amazonaws.com");
        assertThat(context.get("requestTimeEpoch").isIntegralNumber()).isTrue();
        assertThat(context.get("requestTime").asString())
                .matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.at("/identity/sourceIp").asString()).isEqualTo("127.0.0.1");
        assertThat(context.at("/identity/userAgent").asString()).isEqualTo("gateway-test/1.0");
        assertThat(context.get("resourceId").asString()).matches("[a-z0-9]{6}");
    }

    @Test
    void claimsWhenAccessTokenThenEveryValueAStringWithApiGatewaysDateFormat() {
        JsonNode claims =
                echo(Http.get(emu.apiUrl() + "echo", "Authorization", token)).at("/requestContext/authorizer/claims");

        assertThat(claims.propertyNames())
                .containsExactlyInAnyOrder(
                        "sub", "client_id", "token_use", "scope", "auth_time", "iat", "exp", "jti", "version", "iss");
        claims.properties()
                .forEach(e -> assertThat(e.getValue().isString())
                        .as("claim %s is a string", e.getKey())
                        .isTrue());
        assertThat(claims.get("exp").asString())
                .matches("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}");
        assertThat(claims.get("iat").asString())
                .matches("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} UTC \\d{4}");
        assertThat(claims.get("auth_time").asString()).matches("\\d{10}");
        assertThat(claims.get("version").asString()).isEqualTo("2");
        assertThat(claims.get("scope").asString()).isEqualTo("shop/read");
        assertThat(claims.get("client_id").asString()).isEqualTo(emu.clientId());
    }

    @Test
    void eventWhenPathParametersThenNamedAndGreedy() {
        JsonNode item = echo(Http.get(emu.apiUrl() + "items/42", "Authorization", token));
        assertThat(item.get("resource").asString()).isEqualTo("/items/{id}");
        assertThat(item.at("/pathParameters/id").asString()).isEqualTo("42");
        JsonNode file = echo(Http.get(emu.apiUrl() + "files/a/b%20c/d.txt", "Authorization", token));
        assertThat(file.get("resource").asString()).isEqualTo("/files/{proxy+}");
        assertThat(file.at("/pathParameters/proxy").asString()).isEqualTo("a/b c/d.txt");
        assertGateway(
                Http.get(emu.apiUrl() + "files", "Authorization", token),
                403,
                "Missing Authentication Token",
                "MissingAuthenticationTokenException");
    }

    @Test
    void eventWhenPostWithBodyOnAnyMethodThenBodyAsString() {
        JsonNode event = echo(Http.send(HttpRequest.newBuilder(URI.create(emu.apiUrl() + "echo"))
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"x\":\"é\"}"))));
        assertThat(event.get("httpMethod").asString()).isEqualTo("PUT");
        assertThat(event.get("body").asString()).isEqualTo("{\"x\":\"é\"}");
    }

    @Test
    void eventWhenMethodHasNoAuthorizerThenNoClaimsAndNoTokenNeeded() {
        JsonNode event = echo(Http.get(emu.apiUrl() + "open"));
        assertThat(event.at("/requestContext/authorizer").isMissingNode()).isTrue();
    }

    @Test
    void responseWhenFunctionSetsHeadersThenSingleAndMultiValueMerged() {
        HttpResponse<String> r = Http.get(emu.apiUrl() + "echo", "Authorization", token);
        assertThat(r.headers().firstValue("X-Echo")).hasValue("yes");
        assertThat(r.headers().allValues("X-Multi")).containsExactly("a", "b");
        assertThat(r.headers().firstValue("x-amz-apigw-id")).isPresent();
        assertThat(r.headers().firstValue("X-Amzn-Trace-Id"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Root=1-"));
    }

    @Test
    void typedHandlerWhenInvokedThenEventDeserializedAndContextFromTemplate() {
        HttpResponse<String> r = Http.get(emu.apiUrl() + "typed", "Authorization", token);
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        Map<String, String> report = new HashMap<>();
        for (String line : r.body().split("\n")) {
            report.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        assertThat(report.get("path")).isEqualTo("/typed");
        assertThat(report.get("stage")).isEqualTo("v1");
        assertThat(report.get("scope")).isEqualTo("shop/read");
        assertThat(report.get("sourceIp")).isEqualTo("127.0.0.1");
        assertThat(report.get("memory")).as("MemorySize from the template").isEqualTo("1536");
        assertThat(report.get("functionName")).isEqualTo("Functions-Typed");
        assertThat(Integer.parseInt(report.get("remaining")))
                .as("remaining time under the 10 s timeout")
                .isBetween(1, 10_000);
        assertThat(report.get("awsRequestId")).matches("[0-9a-f-]{36}");
        assertThat(report.get("seesContext"))
                .as("aws-lambda-java-core is shared with the function")
                .isEqualTo("true");
        assertThat(report.get("seesJackson"))
                .as("the emulator's Jackson is hidden from the function")
                .isEqualTo("false");
        assertThat(report.get("seesEmulator"))
                .as("the emulator's classes are hidden from the function")
                .isEqualTo("false");
        assertThat(report.get("contextLoader"))
                .as("context class loader is the function's")
                .isEqualTo("true");
    }

    @Test
    void logWhenInvokedThenCloudWatchStartEndReportLines() {
        HttpResponse<String> r = Http.get(emu.apiUrl() + "typed", "Authorization", token);
        String requestId = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
        List<String> lines = LogCapture.messages(log.invocation(requestId));
        assertThat(lines)
                .as("log lines of request %s", requestId)
                .anySatisfy(l -> assertThat(l).isEqualTo("START RequestId: " + requestId + " Version: $LATEST"));
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("END RequestId: " + requestId));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("typed handler ran for /typed"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .matches("REPORT RequestId: " + requestId
                                + "\tDuration: \\d+\\.\\d{2} ms\tBilled Duration: \\d+ ms\tMemory Size: 1536 MB.*"));
    }

    @Test
    void responseWhenFunctionThrowsThen502WithoutDetail() {
        HttpResponse<String> r = Http.get(emu.apiUrl() + "throw", "Authorization", token);
        assertGateway(r, 502, "Internal server error", "InternalServerErrorException");
    }

    @Test
    void responseWhenProxyResponseMalformedThen502() {
        assertGateway(
                Http.get(emu.apiUrl() + "malformed", "Authorization", token),
                502,
                "Internal server error",
                "InternalServerErrorException");
    }

    @Test
    void responseWhenHandlerClassMissingThen502() {
        assertGateway(
                Http.get(emu.apiUrl() + "missing", "Authorization", token),
                502,
                "Internal server error",
                "InternalServerErrorException");
    }

    @Test
    void responseWhenFunctionOutrunsItsOwnTimeoutThen502() {
        HttpResponse<String> r = Http.get(emu.apiUrl() + "lambda-timeout", "Authorization", token);
        // 502, not the 504 of the 8 s integration timeout: the function's own 1 s timeout ended it first.
        assertGateway(r, 502, "Internal server error", "InternalServerErrorException");
        String requestId = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
        log.await(
                "Task timed out of " + requestId,
                e -> e.getFormattedMessage().endsWith(requestId + " Task timed out after 1.00 seconds"));
    }

    @Test
    void responseWhenFunctionOutrunsIntegrationTimeoutThen504() {
        assertGateway(
                Http.get(emu.apiUrl() + "slow", "Authorization", token),
                504,
                "Endpoint request timed out",
                "InternalServerErrorException");
    }
}
