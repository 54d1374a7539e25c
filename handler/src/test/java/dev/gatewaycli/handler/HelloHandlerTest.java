package dev.gatewaycli.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.amazonaws.services.lambda.runtime.tests.annotations.HandlerParams;
import com.amazonaws.services.lambda.runtime.tests.annotations.Responses;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The handler against console-shaped API Gateway REST proxy events from {@code src/test/resources/events/}, each paired
 * (by file name order) with the expected proxy response in {@code src/test/resources/responses/}.
 */
class HelloHandlerTest {

    private static final Map<String, String> SEED_HEADERS = Map.of(
            "Content-Type", "application/json",
            "Access-Control-Allow-Origin", "*",
            "Access-Control-Allow-Headers", "Content-Type");

    private final HelloHandler handler = new HelloHandler();

    @ParameterizedTest(name = "event file #{index} in sorted order")
    @HandlerParams(
            events = @Events(folder = "events", type = APIGatewayProxyRequestEvent.class),
            responses = @Responses(folder = "responses", type = APIGatewayProxyResponseEvent.class))
    void handleRequestWhenApiGatewayEventThenExpectedResponseFile(
            APIGatewayProxyRequestEvent event, APIGatewayProxyResponseEvent expected) {
        APIGatewayProxyResponseEvent actual = handler.handleRequest(event, new TestContext());

        assertThat(actual)
                .as("response to an event under events/ must equal its file under responses/")
                .isEqualTo(expected);
    }

    @Test
    void handleRequestWhenEventIsNullThenSeedResponse() {
        assertSeedResponse(handler.handleRequest(null, new TestContext()), "null event");
    }

    @Test
    void handleRequestWhenContextIsNullThenSeedResponse() {
        APIGatewayProxyRequestEvent event =
                EventLoader.loadApiGatewayRestEvent("events/01-get-root-with-cognito-access-token-claims.json");

        assertSeedResponse(handler.handleRequest(event, null), "null context");
    }

    @Test
    void handleRequestWhenEventAndContextAreNullThenSeedResponse() {
        assertSeedResponse(handler.handleRequest(null, null), "null event and null context");
    }

    @Test
    void handleRequestWhenEventHasNoRequestContextHeadersOrBodyThenSeedResponse() {
        // What a hand-made test event in the Lambda console often looks like: an object with nothing set.
        APIGatewayProxyRequestEvent bare = new APIGatewayProxyRequestEvent();

        assertThatCode(() -> handler.handleRequest(bare, new TestContext()))
                .as("a bare event must not make the handler throw (API Gateway would answer 502)")
                .doesNotThrowAnyException();
        assertSeedResponse(handler.handleRequest(bare, new TestContext()), "bare event");
    }

    @Test
    void handleRequestWhenCalledTwiceThenResponsesDoNotShareHeaderMaps() {
        APIGatewayProxyResponseEvent first = handler.handleRequest(null, null);
        first.getHeaders().put("X-Added-By-Caller", "yes");

        APIGatewayProxyResponseEvent second = handler.handleRequest(null, null);

        assertThat(second.getHeaders())
                .as("a header added to one response leaked into the next one")
                .containsExactlyInAnyOrderEntriesOf(SEED_HEADERS);
    }

    @ParameterizedTest
    @Event(value = "events/01-get-root-with-cognito-access-token-claims.json", type = APIGatewayProxyRequestEvent.class)
    void claimsFixtureWhenLoadedThenShapedAsFidelitySection2(APIGatewayProxyRequestEvent event) {
        // The fixture is only worth testing against if it is what API Gateway really sends: every claim a string,
        // dates in Java's Date.toString() form, auth_time in epoch seconds (docs/fidelity.md §2).
        @SuppressWarnings("unchecked")
        Map<String, Object> claims =
                (Map<String, Object>) event.getRequestContext().getAuthorizer().get("claims");

        assertThat(claims).as("claims block of the Cognito authorizer").isNotNull();
        assertThat(claims.values()).as("every claim value must be a string").allMatch(String.class::isInstance);
        assertThat(claims)
                .containsEntry("token_use", "access")
                .containsEntry("scope", "users/read-only")
                .containsEntry("version", "2")
                .containsEntry("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123")
                .containsEntry("exp", "Wed Jul 22 04:44:04 UTC 2026")
                .containsEntry("iat", "Wed Jul 22 04:14:04 UTC 2026")
                .containsEntry("auth_time", "1784693644")
                .containsKeys("jti", "client_id", "sub")
                .doesNotContainKeys("aud", "username");
        assertThat(claims.get("sub"))
                .as("sub of a client-credentials token is the client id")
                .isEqualTo(claims.get("client_id"));
        assertThat((String) claims.get("client_id")).matches("[a-z0-9]{26}");
    }

    @ParameterizedTest
    @Event(
            value = "events/04-console-test-invoke-with-body-and-query-parameters.json",
            type = APIGatewayProxyRequestEvent.class)
    void bodyAndQueryFixtureWhenLoadedThenParametersAndBodyArePresent(APIGatewayProxyRequestEvent event) {
        // Guards the fixture: if the loader dropped these, the paired test above would prove nothing about them.
        assertThat(event.getBody()).as("request body").contains("\"greeting\": \"hi\"");
        assertThat(event.getQueryStringParameters())
                .containsEntry("tag", "beta")
                .containsEntry("empty", "");
        assertThat(event.getMultiValueQueryStringParameters().get("tag")).containsExactly("alpha", "beta");
    }

    private static void assertSeedResponse(APIGatewayProxyResponseEvent response, String input) {
        assertThat(response).as("response to %s", input).isNotNull();
        assertThat(response.getStatusCode()).as("status code for %s", input).isEqualTo(200);
        assertThat(response.getHeaders()).as("headers for %s", input).containsExactlyInAnyOrderEntriesOf(SEED_HEADERS);
        assertThat(response.getBody())
                .as("body for %s", input)
                .isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
        assertThat(response.getIsBase64Encoded())
                .as("isBase64Encoded for %s", input)
                .isFalse();
    }
}
