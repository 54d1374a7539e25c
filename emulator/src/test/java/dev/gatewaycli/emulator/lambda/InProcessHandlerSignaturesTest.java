package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.gatewaycli.emulator.LogCapture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link HandlerSignaturesTest} with the functions in the emulator's JVM ({@link InProcessFunction}), where the rule is
 * the emulator's own; and what only this mode shows: the work done ahead on the {@code lambda-<name>-prepare} thread
 * runs none of the function's code, and the init errors' types.
 */
class InProcessHandlerSignaturesTest extends HandlerSignaturesTest {

    @Override
    FunctionSettings.Mode mode() {
        return FunctionSettings.Mode.IN_PROCESS;
    }

    static String observed(String what) {
        return System.getProperty("gatewaycli.test.Observed." + what);
    }

    @Test
    void prepareWhenDoneThenSerializerBuiltAndNoneOfTheFunctionsCodeRunUntilTheFirstInvocation()
            throws InterruptedException {
        for (String what : new String[] {"static", "constructor", "event"}) {
            System.clearProperty("gatewaycli.test.Observed." + what);
        }
        try (InProcessFunction f = new InProcessFunction(
                model("dev.gatewaycli.emulator.testfunctions.Observed::handle"),
                host,
                ARN,
                LoggerFactory.getLogger("dev.gatewaycli.emulator.function.Observed"))) {
            f.prepareAhead();
            // Thread.start() has returned, so the thread is alive until it is done.
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("lambda-Shapes-prepare")) {
                    t.join(30_000);
                }
            }
            assertThat(f.prepared())
                    .as("the serializer of the event type, built ahead")
                    .isTrue();
            assertThat(observed("static"))
                    .as("the handler's static initialiser, before the first invocation")
                    .isNull();
            assertThat(observed("constructor"))
                    .as("the handler's constructor, before the first invocation")
                    .isNull();
            assertThat(observed("event"))
                    .as("the event type's static initialiser, before the first invocation")
                    .isNull();

            assertResponse(
                    f.invoke("{\"name\":\"there\"}".getBytes(StandardCharsets.UTF_8), "observed-1")
                            .join(),
                    "\"hello there\"");
            assertResponse(
                    f.invoke("{\"name\":\"again\"}".getBytes(StandardCharsets.UTF_8), "observed-2")
                            .join(),
                    "\"hello again\"");
            assertThat(observed("static"))
                    .as("the handler's static initialiser, after two invocations")
                    .isEqualTo("1");
            assertThat(observed("constructor"))
                    .as("the handler's constructor, after two invocations")
                    .isEqualTo("1");
            assertThat(observed("event"))
                    .as("the event type's static initialiser, after two")
                    .isEqualTo("1");
        }
    }

    @Test
    void noArgumentsWhenVoidThenCalledAndNullResponse() {
        System.clearProperty("gatewaycli.test.NoArguments");
        assertResponse(call(SHAPES + "NoArguments::handle", "{}"), "null");
        assertThat(System.getProperty("gatewaycli.test.NoArguments"))
                .as("the method ran")
                .isEqualTo("called");
    }

    @Test
    void initWhenNoOverloadValidThenInvalidEntrypointLoggedAsInitError() {
        try (LambdaFunction f = function(SHAPES + "NoValidOverload::handle")) {
            String message = "No public method named handle with appropriate method signature found on class " + SHAPES
                    + "NoValidOverload";
            assertThat(invoke(f, "\"x\"", "invalid-1"))
                    .isEqualTo(new InvocationResult.Failure("Runtime.InvalidEntrypoint", message));
            log.await("the init error", LogCapture.line(Level.ERROR, m -> m.equals("INIT error: " + message)));
        }
    }

    @Test
    void initWhenStaticInitialiserThrowsThenItsExceptionNotClassNotFound() {
        assertThat(call(SHAPES + "BrokenStatic::handle", "\"x\""))
                .isEqualTo(new InvocationResult.Failure(
                        "java.lang.IllegalStateException",
                        "Static initialiser of " + SHAPES + "BrokenStatic failed: "
                                + "java.lang.IllegalStateException: no configuration"));
    }
}
