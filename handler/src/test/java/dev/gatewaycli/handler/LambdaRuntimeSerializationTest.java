package dev.gatewaycli.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The handler behind the Lambda Java runtime's own (de)serialization, on the test class path: checks the JSON that
 * API Gateway would receive, not just the Java object. {@code HandlerJarIT} repeats this against the built jar alone.
 */
class LambdaRuntimeSerializationTest {

    private static LambdaRuntimeRoundTrip runtime;

    @BeforeAll
    static void loadHandlerLikeTheRuntime() throws ReflectiveOperationException {
        runtime = new LambdaRuntimeRoundTrip(LambdaRuntimeSerializationTest.class.getClassLoader());
    }

    static List<String> eventFiles() {
        return LambdaRuntimeRoundTrip.resourceFiles("events");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("eventFiles")
    void invokeWhenEventJsonThenResponseJsonEqualsExpectedFile(String file) throws ReflectiveOperationException {
        String responseJson = runtime.invoke(LambdaRuntimeRoundTrip.resource("events/" + file));

        Map<String, Object> expected =
                LambdaRuntimeRoundTrip.parse(new String(LambdaRuntimeRoundTrip.resource("responses/" + file), UTF_8));
        assertThat(LambdaRuntimeRoundTrip.parse(responseJson))
                .as("proxy response JSON for events/%s (raw: %s)", file, responseJson)
                .isEqualTo(expected);
    }

    @Test
    void invokeWhenEventJsonThenBodyIsTheSeedStringUnescaped() throws ReflectiveOperationException {
        String responseJson = runtime.invoke("{}".getBytes(UTF_8));

        assertThat(LambdaRuntimeRoundTrip.parse(responseJson).get("body"))
                .as("body API Gateway passes to the client")
                .isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
    }

    @Test
    void eventsAndResponsesFoldersWhenListedThenPairOneToOneByName() {
        // @HandlerParams pairs the two folders by sorted position; equal names make that pairing visible and safe.
        assertThat(LambdaRuntimeRoundTrip.resourceFiles("responses"))
                .as("every event under events/ needs a response of the same name under responses/, and no more")
                .containsExactlyElementsOf(eventFiles());
    }
}
