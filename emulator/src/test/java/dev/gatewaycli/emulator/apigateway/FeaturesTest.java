package dev.gatewaycli.emulator.apigateway;

import static dev.gatewaycli.emulator.apigateway.ApiGatewayTest.assertGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.MutableClock;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The {@code gateway-features} test app, synthesized by the real CDK, over real HTTP: a CORS preflight of two origins,
 * gateway responses, a {@code TOKEN} and a {@code REQUEST} Lambda authorizer (Java functions), API keys with usage
 * plans, an {@code AWS_IAM} method, a mock integration, stage variables and a throttled method, in a stack without
 * Cognito. Each answer is API Gateway's documented one (docs/fidelity.md §6). A clock the test moves drives the
 * throttles, the quota and the authorizer cache.
 */
@Timeout(60)
class FeaturesTest {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    static MutableClock clock;
    static GatewayEmulator emu;

    @BeforeAll
    static void start() {
        clock = new MutableClock(START);
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("gateway-features")))
                .settings(EmulatorSettings.defaults().withClock(clock))
                .start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static String url(String path) {
        return emu.apiUrl() + path;
    }

    static JsonNode event(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(200);
        return Http.json(r.body());
    }

    static HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url(path))).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return Http.send(b);
    }

    @Test
    void modelWhenNoCognitoThenNoPoolNoClientAndTheApiAtItsStage() {
        assertThat(emu.userPools()).isEmpty();
        assertThat(emu.clients()).isEmpty();
        assertThat(emu.tokenUrl()).isNull();
        assertThat(emu.clientId()).isNull();
        assertThat(emu.apiUrl()).isEqualTo(emu.baseUrl() + "/v1/");
        assertThat(emu.region()).isEqualTo("us-east-1");
        JsonNode line = Http.json(emu.endpointsJson());
        assertThat(line.get("issuer").isNull()).isTrue();
        assertThat(line.get("tokenUrl").isNull()).isTrue();
        assertThat(line.get("clientSecret").isNull()).isTrue();
        assertThat(line.get("scopes").size()).isZero();
        assertThat(line.get("clients").size()).isZero();
        assertThat(line.at("/apis/0/name").asString()).isEqualTo("features-api");
        assertThat(line.at("/apis/0/stage").asString()).isEqualTo("v1");
        assertThat(line.get("apiKeys").size())
                .as("the prod-only key is not created")
                .isEqualTo(4);
    }

    @Test
    void tokenEndpointWhenNoPoolThenItDoesNotExist() {
        HttpResponse<String> r = Http.postForm(emu.baseUrl() + "/oauth2/token", "grant_type=client_credentials");
        assertGateway(r, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
    }

    @Nested
    class Cors {

        @Test
        void preflightWhenFirstOriginThenTheHeadersTheCdkConfigured() {
            HttpResponse<String> r = send("OPTIONS", "open", "Origin", "https://app.example.com");
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods"))
                    .hasValue("OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers"))
                    .hasValue("Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials"))
                    .hasValue("true");
            assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
            assertThat(r.headers().firstValue("Vary")).hasValue("Origin");
            assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        }

        @Test
        void preflightWhenSecondOriginThenTheTemplateEchoesIt() {
            HttpResponse<String> r = send("OPTIONS", "token", "Origin", "https://admin.example.com");
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://admin.example.com");
        }

        @Test
        void preflightWhenUnknownOriginThenTheFirstOriginIsAnswered() {
            HttpResponse<String> r = send("OPTIONS", "", "Origin", "https://evil.example.com");
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        }

        @Test
        void preflightWhenNoAuthorizationThenStillAnsweredBecauseOptionsHasNone() {
            assertThat(send("OPTIONS", "keyed").statusCode()).isEqualTo(204);
        }
    }

    @Nested
    class Mock {

        @Test
        void getWhenMockThenTheIntegrationResponseTheTemplateSelects() {
            HttpResponse<String> r = Http.get(url("mock"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"mocked\": true}");
            assertThat(r.headers().firstValue("X-Mock")).hasValue("yes");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        }

        @Test
        void getWhenAnotherContentTypeThenPassedThroughToTheDefaultResponse() {
            HttpResponse<String> r = Http.get(url("mock"), "Content-Type", "text/plain");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Mock")).hasValue("yes");
        }
    }

    @Nested
    class GatewayResponseCustomization {

        @Test
        void unauthorizedWhenCustomizedThenItsTemplateAndHeaders() {
            HttpResponse<String> r = Http.get(url("token"), "X-Trace", "trace-7");
            assertThat(r.statusCode()).isEqualTo(401);
            String requestId = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
            assertThat(r.body())
                    .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"Unauthorized\",\"requestId\":\"" + requestId
                            + "\"}");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(r.headers().firstValue("X-Request-Header"))
                    .as("method.request.header.X-Trace")
                    .hasValue("trace-7");
            assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("UnauthorizedException");
            assertThat(r.headers().firstValue("X-Gateway"))
                    .as("its own customization replaces DEFAULT_4XX's")
                    .isEmpty();
        }

        @Test
        void missingAuthenticationTokenWhenOnlyDefault4xxIsCustomizedThenItsHeaders() {
            HttpResponse<String> r = Http.get(url("nowhere"));
            assertGateway(r, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
            assertThat(r.headers().firstValue("X-Gateway")).hasValue("features");
        }

        @Test
        void accessDeniedWhenItsStatusIsCustomizedThenThatStatusWithTheDefaultBody() {
            HttpResponse<String> r = Http.get(url("token"), "Authorization", "elsewhere");
            assertGateway(r, 451, "User is not authorized to access this resource", "AccessDeniedException");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TokenAuthorizerMethod {

        @Test
        void allowWhenThePolicyAllowsTheMethodThenPrincipalAndContextReachTheFunction() {
            JsonNode authorizer =
                    event(Http.get(url("token"), "Authorization", "allow")).at("/requestContext/authorizer");
            assertThat(authorizer.get("principalId").asString()).isEqualTo("token-user");
            assertThat(authorizer.get("tier").asString()).isEqualTo("gold");
            assertThat(authorizer.get("quota").isString())
                    .as("context values are stringified")
                    .isTrue();
            assertThat(authorizer.get("quota").asString()).isEqualTo("42");
            assertThat(authorizer.get("verified").asString()).isEqualTo("true");
            assertThat(authorizer.get("integrationLatency").isNumber()).isTrue();
            assertThat(authorizer.has("claims")).isFalse();
        }

        @Test
        void denyWhenThePolicyDeniesExplicitlyThen403WithTheExplicitDenyMessage() {
            assertGateway(
                    Http.get(url("token"), "Authorization", "deny"),
                    451,
                    "User is not authorized to access this resource with an explicit deny",
                    "AccessDeniedException");
        }

        @Test
        void wildcardWhenTheResourcePatternMatchesThenAllowedAndOtherVerbsImplicitlyDenied() {
            assertThat(Http.get(url("token"), "Authorization", "wildcard").statusCode())
                    .isEqualTo(200);
            assertGateway(
                    send("DELETE", "token", "Authorization", "wildcard"),
                    451,
                    "User is not authorized to access this resource",
                    "AccessDeniedException");
        }

        @Test
        void unauthorizedWhenTheFunctionThrowsUnauthorizedThen401() {
            assertThat(Http.get(url("token"), "Authorization", "unauthorized").statusCode())
                    .isEqualTo(401);
        }

        @Test
        void failWhenTheFunctionThrowsAnythingElseThen500WithANullMessage() {
            assertAuthorizerError(Http.get(url("token"), "Authorization", "fail"));
        }

        @Test
        void malformedWhenAStatementHasNoEffectThen500() {
            assertAuthorizerError(Http.get(url("token"), "Authorization", "malformed"));
        }

        @Test
        void nestedWhenTheContextHoldsAnObjectThen500() {
            assertAuthorizerError(Http.get(url("token"), "Authorization", "nested"));
        }

        @Test
        void missingOrInvalidTokenWhenTheIdentitySourceFailsThen401WithoutAsking() {
            assertThat(Http.get(url("token")).statusCode()).isEqualTo(401);
            assertThat(Http.get(url("token"), "Authorization", "").statusCode()).isEqualTo(401);
            // "Allow" would be answered 500 by the function (an unknown token); the validation expression refuses it.
            assertThat(Http.get(url("token"), "Authorization", "Allow").statusCode())
                    .isEqualTo(401);
        }

        @Test
        void cacheWhenTheTokenIsReusedThenTheCachedPolicyIsEvaluatedForTheNewMethodUntilItsTtl() {
            // key-<value> allows exactly the method ARN the function is asked about.
            String token = "key-cached";
            assertThat(send("GET", "token", "Authorization", token).statusCode())
                    .isEqualTo(200);
            assertGateway(
                    send("PUT", "token", "Authorization", token),
                    451,
                    "User is not authorized to access this resource",
                    "AccessDeniedException");
            clock.advance(Duration.ofSeconds(301));
            assertThat(send("PUT", "token", "Authorization", token).statusCode())
                    .as("after the 300 s TTL the function is asked again, for PUT")
                    .isEqualTo(200);
        }

        private void assertAuthorizerError(HttpResponse<String> r) {
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("{\"message\":null}");
            assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("AuthorizerConfigurationException");
        }
    }

    @Nested
    class RequestAuthorizerMethod {

        @Test
        void allowWhenTheTenantIsAcmeThenItsContextReachesTheFunction() {
            JsonNode authorizer =
                    event(Http.get(url("request?user=bob"), "X-Tenant", "acme")).at("/requestContext/authorizer");
            assertThat(authorizer.get("principalId").asString()).isEqualTo("tenant-acme");
            assertThat(authorizer.get("tenant").asString()).isEqualTo("acme");
            assertThat(authorizer.get("user").asString()).isEqualTo("bob");
        }

        @Test
        void denyWhenAnotherTenantThenExplicitDeny() {
            assertGateway(
                    Http.get(url("request?user=bob"), "X-Tenant", "globex"),
                    451,
                    "User is not authorized to access this resource with an explicit deny",
                    "AccessDeniedException");
        }

        @Test
        void missingWhenAnIdentitySourceIsAbsentThen401() {
            assertThat(Http.get(url("request"), "X-Tenant", "acme").statusCode())
                    .isEqualTo(401);
            assertThat(Http.get(url("request?user=bob")).statusCode()).isEqualTo(401);
            assertThat(Http.get(url("request?user="), "X-Tenant", "acme").statusCode())
                    .as("an empty value counts as missing")
                    .isEqualTo(401);
        }
    }

    @Nested
    class ApiKeys {

        @Test
        void keyedWhenNoOrUnknownOrOrphanKeyThen403Forbidden() {
            assertGateway(Http.get(url("keyed")), 403, "Forbidden", "ForbiddenException");
            assertGateway(
                    Http.get(url("keyed"), "x-api-key", "no-such-key-no-such-key"),
                    403,
                    "Forbidden",
                    "ForbiddenException");
            assertGateway(
                    Http.get(url("keyed"), "x-api-key", "orphan-api-key-value-0123456789"),
                    403,
                    "Forbidden",
                    "ForbiddenException");
        }

        @Test
        void keyedWhenAPlanKeyThenTheFunctionSeesItsIdAndValue() {
            GatewayEmulator.ApiKey generated = emu.apiKeys().stream()
                    .filter(k -> k.name().startsWith("Features-"))
                    .findFirst()
                    .orElseThrow();
            assertThat(generated.value()).matches("[A-Za-z0-9]{40}");
            JsonNode identity = event(Http.get(url("keyed"), "x-api-key", generated.value()))
                    .at("/requestContext/identity");
            assertThat(identity.get("apiKey").asString()).isEqualTo(generated.value());
            assertThat(identity.get("apiKeyId").asString()).isEqualTo(generated.id());
        }

        @Test
        void throttleWhenTheBurstIsSpentThen429UntilTheBucketRefills() {
            String key = "fixed-api-key-value-0123456789";
            clock.advance(Duration.ofSeconds(10)); // a full bucket: 2 tokens
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(Http.get(url("keyed"), "x-api-key", key).statusCode());
            }
            assertThat(statuses).containsExactly(200, 200, 429);
            HttpResponse<String> throttled = Http.get(url("keyed"), "x-api-key", key);
            assertGateway(throttled, 429, "Too Many Requests", "TooManyRequestsException");
            assertThat(throttled.headers().firstValue("X-Gateway")).hasValue("features");
            clock.advance(Duration.ofSeconds(1));
            assertThat(Http.get(url("keyed"), "x-api-key", key).statusCode())
                    .as("one second refills one token at rate 1")
                    .isEqualTo(200);
        }

        @Test
        void quotaWhenUsedUpThen429LimitExceededUntilTheNextDay() {
            String key = "quota-api-key-value-0123456789";
            for (int i = 0; i < 3; i++) {
                assertThat(Http.get(url("keyed"), "x-api-key", key).statusCode())
                        .isEqualTo(200);
            }
            assertGateway(Http.get(url("keyed"), "x-api-key", key), 429, "Limit Exceeded", "LimitExceededException");
            clock.advance(Duration.ofDays(1));
            assertThat(Http.get(url("keyed"), "x-api-key", key).statusCode()).isEqualTo(200);
        }

        @Test
        void openWhenTheMethodRequiresNoKeyThenAKeyIsNotNeededNorCounted() {
            JsonNode identity = event(Http.get(url("open"), "x-api-key", "quota-api-key-value-0123456789"))
                    .at("/requestContext/identity");
            assertThat(identity.has("apiKeyId")).isFalse();
        }
    }

    @Nested
    class Iam {

        static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260302/%s/execute-api/"
                + "aws4_request, SignedHeaders=host;x-amz-date, Signature="
                + "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";

        @Test
        void iamWhenUnsignedThenMissingAuthenticationToken() {
            assertGateway(
                    Http.get(url("iam")), 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
        }

        @Test
        void iamWhenABearerTokenThenIncompleteSignature() {
            HttpResponse<String> r = Http.get(url("iam"), "Authorization", "Bearer abc");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(Http.json(r.body()).get("message").asString())
                    .isEqualTo("abc not a valid key=value pair (missing equal-sign) in Authorization header: "
                            + "'Bearer abc'");
            assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("IncompleteSignatureException");
        }

        @Test
        void iamWhenARawTokenThenIncompleteSignatureListingWhatIsMissing() {
            HttpResponse<String> r = Http.get(url("iam"), "Authorization", "eyJraWQ");
            assertThat(Http.json(r.body()).get("message").asString())
                    .isEqualTo("Authorization header requires 'Credential' parameter. Authorization header requires "
                            + "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                            + "Authorization=eyJraWQ");
        }

        @Test
        void iamWhenSignedForTheApisRegionThenAllowedWithTheAccessKey() {
            JsonNode identity = event(Http.get(
                            url("iam"),
                            "Authorization",
                            SIGNED.formatted("us-east-1"),
                            "X-Amz-Date",
                            "20260302T100000Z"))
                    .at("/requestContext/identity");
            assertThat(identity.get("accessKey").asString()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
        }

        @Test
        void iamWhenAPresignedUrlThenAllowedAndAnIncompleteOneRefused() {
            String query = "iam?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260302%2F"
                    + "us-east-1%2Fexecute-api%2Faws4_request&X-Amz-Date=20260302T100000Z&X-Amz-SignedHeaders=host"
                    + "&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
            assertThat(event(Http.get(url(query)))
                            .at("/requestContext/identity/accessKey")
                            .asString())
                    .isEqualTo("AKIAIOSFODNN7EXAMPLE");
            HttpResponse<String> r = Http.get(url(query.replace("&X-Amz-SignedHeaders=host", "")));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("IncompleteSignatureException");
            assertThat(r.body()).contains("AWS query-string parameters must include");
        }

        @Test
        void iamWhenSignedForAnotherRegionThenInvalidSignature() {
            HttpResponse<String> r = Http.get(
                    url("iam"), "Authorization", SIGNED.formatted("eu-west-1"), "X-Amz-Date", "20260302T100000Z");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("InvalidSignatureException");
            assertThat(r.body()).contains("Credential should be scoped to a valid region, not 'eu-west-1'.");
        }
    }

    @Test
    void openWhenTheStageHasVariablesThenTheEventCarriesThem() {
        JsonNode event = event(Http.get(url("open")));
        assertThat(event.at("/stageVariables/greeting").asString()).isEqualTo("hello");
        assertThat(event.at("/requestContext/authorizer").isMissingNode())
                .as("no authorizer, no authorizer object")
                .isTrue();
        assertThat(event.at("/requestContext/stage").asString()).isEqualTo("v1");
    }

    @Test
    void limitedWhenTheStageThrottlesTheMethodThen429UntilTheBucketRefills() {
        clock.advance(Duration.ofSeconds(5));
        assertThat(Http.get(url("limited")).statusCode()).isEqualTo(200);
        assertGateway(Http.get(url("limited")), 429, "Too Many Requests", "TooManyRequestsException");
        assertThat(Http.get(url("open")).statusCode())
                .as("another method has its own bucket")
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(Http.get(url("limited")).statusCode()).isEqualTo(200);
    }
}
