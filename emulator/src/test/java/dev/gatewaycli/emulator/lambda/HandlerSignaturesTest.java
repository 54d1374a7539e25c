package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.LogCapture;
import dev.gatewaycli.emulator.TestStacks;
import dev.gatewaycli.emulator.model.FunctionModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which method of a Java handler class the runtime calls and how: every signature of the runtime interface client's
 * table ({@code EventHandlerLoader}), its order among overloads, the classes it refuses. The functions are the test
 * functions {@code dev.gatewaycli.emulator.testfunctions.Shapes$*}, a real deployment package; here each runs in its
 * own JVM through AWS's runtime interface client, the rule's source ({@link InProcessHandlerSignaturesTest}: the same
 * in the emulator's JVM, which must agree).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HandlerSignaturesTest {

    static final String ARN = "arn:aws:lambda:eu-west-1:111122223333:function:Shapes";
    static final String SHAPES = "dev.gatewaycli.emulator.testfunctions.Shapes$";

    Path dir;
    Watchdog watchdog;
    FunctionHost host;
    LogCapture log;

    /** Where the functions run. */
    FunctionSettings.Mode mode() {
        return FunctionSettings.Mode.PROCESS;
    }

    @BeforeAll
    void start(@TempDir Path dir) {
        this.dir = dir;
        TestStacks.testFunctionsAsset(dir.resolve("code"));
        watchdog = new Watchdog("test");
        host = new FunctionHost(
                Clock.systemUTC(),
                2,
                FunctionSettings.defaults().withMode(mode()).withCacheDirectory(dir.resolve("cache")),
                watchdog);
        log = LogCapture.functions();
    }

    @AfterAll
    void stop() {
        host.close();
        watchdog.close();
        log.close();
    }

    FunctionModel model(String handler) {
        return new FunctionModel(
                "Shapes",
                "Shapes",
                handler,
                "java21",
                256,
                Duration.ofSeconds(10),
                Map.of(),
                new FunctionModel.Asset(dir.resolve("code")),
                OptionalInt.empty(),
                "x86_64",
                "");
    }

    LambdaFunction function(String handler) {
        return new LambdaFunction(model(handler), ARN, host);
    }

    static InvocationResult invoke(LambdaFunction f, String event, String requestId) {
        return f.invoke(event.getBytes(StandardCharsets.UTF_8), requestId).join();
    }

    /** What the handler {@code handler} answers to {@code event}, its first invocation. */
    InvocationResult call(String handler, String event) {
        try (LambdaFunction f = function(handler)) {
            return invoke(f, event, "id-" + handler.hashCode());
        }
    }

    static void assertResponse(InvocationResult result, String json) {
        assertThat(result).as("the function's answer").isInstanceOf(InvocationResult.Success.class);
        assertThat(new String(((InvocationResult.Success) result).payload(), StandardCharsets.UTF_8))
                .as("the response")
                .isEqualTo(json);
    }

    /** An initialisation that fails with {@code message}, on its first and on its second invocation. */
    void assertInitError(String handler, String message) {
        try (LambdaFunction f = function(handler)) {
            for (String requestId : new String[] {"first-" + handler.hashCode(), "second-" + handler.hashCode()}) {
                InvocationResult result = invoke(f, "\"x\"", requestId);
                assertThat(result).as("%s, %s", handler, requestId).isInstanceOf(InvocationResult.Failure.class);
                assertThat(((InvocationResult.Failure) result).errorMessage())
                        .as("%s, %s", handler, requestId)
                        .isEqualTo(message);
            }
        }
    }

    @Test
    void streamsAndContextWhenInvokedThenEventStreamResponseStreamAndContext() {
        assertResponse(
                call(SHAPES + "StreamsAndContext::handle", "{\"a\":1}"),
                "{\"event\":{\"a\":1},\"function\":\"Shapes\"}");
    }

    @Test
    void streamsWhenInvokedThenResponseIsTheStreamNotTheReturnValue() {
        assertResponse(call(SHAPES + "Streams::handle", "\"echo\""), "\"echo\"");
    }

    @Test
    void outputAndContextWhenInvokedThenResponseStreamAndContext() {
        assertResponse(call(SHAPES + "OutputAndContext::handle", "\"x\""), "\"written for Shapes\"");
    }

    @Test
    void inputAndContextWhenInvokedThenEventStreamAndContextAndNullResponse() {
        assertResponse(call(SHAPES + "InputAndContext::handle", "\"ping\""), "null");
        log.await("the line the function logged", e -> e.getFormattedMessage().contains("read \"ping\" in Shapes"));
    }

    @Test
    void inputOnlyWhenInvokedThenEventStreamAndNullResponseWhateverItReturns() {
        try (LambdaFunction f = function(SHAPES + "InputOnly::handle")) {
            assertResponse(invoke(f, "\"ping\"", "input-1"), "null");
            assertThat(invoke(f, "\"pong\"", "input-2"))
                    .as("the event it read, in its failure")
                    .isEqualTo(new InvocationResult.Failure("java.lang.IllegalArgumentException", "read \"pong\""));
        }
    }

    @Test
    void outputOnlyWhenInvokedThenResponseStream() {
        assertResponse(call(SHAPES + "OutputOnly::handle", "\"x\""), "\"written\"");
    }

    @Test
    void contextOnlyWhenInvokedThenContextAndResultSerialized() {
        assertResponse(call(SHAPES + "ContextOnly::handle", "\"x\""), "\"called by Shapes\"");
    }

    @Test
    void eventAndContextWhenInvokedThenEventDeserializedIntoTheBean() {
        assertResponse(call(SHAPES + "EventAndContext::handle", "{\"text\":\"hello\"}"), "\"hello from Shapes\"");
    }

    @Test
    void eventOnlyWhenGenericEventAndPrimitiveResultThenDeserializedAndSerialized() {
        assertResponse(call(SHAPES + "EventOnly::handle", "[\"a\",\"b\",\"c\"]"), "3");
    }

    @Test
    void noArgumentsWhenPrimitiveResultThenSerialized() {
        assertResponse(call(SHAPES + "NoArgumentsBoolean::handle", "{}"), "true");
    }

    @Test
    void staticMethodWhenChosenThenCalledWithoutConstructingTheClass() {
        assertResponse(call(SHAPES + "StaticMethod::handle", "\"quiet\""), "\"QUIET\"");
    }

    @Test
    void overloadsWhenFourParametersThenSkippedForTheOneParameterMethod() {
        assertResponse(call(SHAPES + "FourParameters::handle", "\"e\""), "\"event e\"");
    }

    @Test
    void overloadsWhenEqualWeightAndOneInvalidThenTheValidOne() {
        assertResponse(call(SHAPES + "EventAndContextOverThreeEvents::handle", "\"e\""), "\"event e and context\"");
    }

    @Test
    void overloadsWhenLastParameterContextThenItCountsOneMoreThanTwoStreams() {
        assertResponse(call(SHAPES + "ContextCountsOneMore::handle", "\"e\""), "\"event e and context\"");
    }

    @Test
    void overloadsWhenStreamsAndContextThenTheyComeFirst() {
        assertResponse(call(SHAPES + "StreamsFirst::handle", "\"e\""), "\"streams and context\"");
    }

    @Test
    void requestHandlerWhenMethodNamedThenTheTypedMethodNotItsBridge() {
        assertResponse(call(SHAPES + "Typed::handleRequest", "{\"text\":\"typed\"}"), "\"typed!\"");
    }

    @Test
    void requestHandlerWhenNoMethodNamedThenItsTypeArguments() {
        assertResponse(call(SHAPES + "Typed", "{\"text\":\"typed\"}"), "\"typed!\"");
    }

    @Test
    void requestHandlerWhenTypeArgumentsFromSuperclassThenResolved() {
        assertResponse(call(SHAPES + "Inherited", "{\"text\":\"greeting\"}"), "\"inherited greeting\"");
    }

    @Test
    void requestHandlerWhenResultTypeVoidThenNullResponse() {
        assertResponse(call(SHAPES + "NothingBack", "{\"text\":\"x\"}"), "null");
    }

    @Test
    void requestStreamHandlerWhenNoMethodNamedThenItsHandleRequest() {
        InvocationResult result = call("dev.gatewaycli.emulator.testfunctions.EchoStreamHandler", "{\"b\":2}");
        assertThat(result).as("the function's answer").isInstanceOf(InvocationResult.Success.class);
        assertThat(new String(((InvocationResult.Success) result).payload(), StandardCharsets.UTF_8))
                .as("the proxy response it wrote, the event as its body")
                .contains("\"body\":\"{\\\"b\\\":2}\"");
    }

    @Test
    void initWhenNoOverloadValidThenNoPublicMethodOnEveryInvocation() {
        assertInitError(
                SHAPES + "NoValidOverload::handle",
                "No public method named handle with appropriate method signature found on class " + SHAPES
                        + "NoValidOverload");
    }

    @Test
    void initWhenNoMethodOfThatNameThenNoPublicMethod() {
        assertInitError(
                SHAPES + "ContextOnly::missing",
                "No public method named missing with appropriate method signature found on class " + SHAPES
                        + "ContextOnly");
    }

    @Test
    void initWhenNoMethodNamedAndNoHandlerInterfaceThenRefused() {
        assertInitError(
                SHAPES + "NoInterface",
                "Class does not implement an appropriate handler interface: " + SHAPES + "NoInterface");
    }

    @Test
    void initWhenRequestHandlerTypeParameterUnboundThenRefused() {
        assertInitError(
                SHAPES + "Unbound",
                "Class " + SHAPES + "Unbound does not implement RequestHandler with concrete type parameters: "
                        + "parameter T has no upper bound.");
    }

    @Test
    void initWhenNoPublicZeroArgumentConstructorThenRefused() {
        assertInitError(
                SHAPES + "NoPublicConstructor::handle",
                "Class " + SHAPES + "NoPublicConstructor has no public zero-argument constructor");
    }

    @Test
    void initWhenMethodNameEmptyThenInvalidHandler() {
        assertInitError(SHAPES + "ContextOnly::", "Invalid handler: `" + SHAPES + "ContextOnly::'");
    }

    @Test
    void initWhenClassNameEmptyThenInvalidHandler() {
        assertInitError("::handleRequest", "Invalid handler: `::handleRequest'");
    }

    @Test
    void handlerWhenSeveralSeparatorsThenSplitAtTheLastAsTheRuntimeDoes() {
        // HandlerInfo.fromString: class "...ContextOnly::x", which does not exist.
        assertInitError(SHAPES + "ContextOnly::x::handleRequest", "Class not found: " + SHAPES + "ContextOnly::x");
    }
}
