package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.model.FunctionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a function needs before it can run, checked when the emulator starts, and what starts when. */
@Timeout(60)
class LambdaFunctionTest {

    static final String ARN = "arn:aws:lambda:eu-west-1:111122223333:function:hello";

    @TempDir
    Path dir;

    static FunctionModel node(Path code, int reserved) {
        return new FunctionModel(
                "Hello",
                "hello",
                "index.handler",
                "nodejs22.x",
                128,
                Duration.ofSeconds(3),
                Map.of(),
                new FunctionModel.Asset(code),
                reserved < 0 ? OptionalInt.empty() : OptionalInt.of(reserved),
                "x86_64",
                "");
    }

    FunctionHost host(FunctionSettings settings, Watchdog watchdog) {
        return new FunctionHost(Clock.systemUTC(), 4, settings.withCacheDirectory(dir.resolve("cache")), watchdog);
    }

    @Test
    void constructorWhenTheRuntimesInterpreterIsMissingThenRuntimeUnavailableNamingFunctionAndRuntime()
            throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("node"), "not a program");
        try (Watchdog watchdog = new Watchdog("test");
                FunctionHost host = host(
                        FunctionSettings.defaults().withExecutable(RuntimeFamily.NODEJS, notExecutable), watchdog)) {
            assertThatThrownBy(() -> new LambdaFunction(node(dir, -1), ARN, host))
                    .isInstanceOf(RuntimeUnavailableException.class)
                    .hasMessageContaining("Function 'Hello' (nodejs22.x)")
                    .hasMessageContaining("is not an executable file");
        }
    }

    @Test
    void invokeWhenReservedConcurrencyZeroThenThrottledWithoutStartingAnything() throws IOException {
        Path code = Files.createDirectory(dir.resolve("code"));
        try (Watchdog watchdog = new Watchdog("test");
                FunctionHost host = host(FunctionSettings.defaults(), watchdog);
                LambdaFunction f = new LambdaFunction(node(code, 0), ARN, host)) {
            assertThat(f.arn()).isEqualTo("arn:aws:lambda:eu-west-1:111122223333:function:hello");
            assertThat(f.invoke("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "id-1")
                            .join())
                    .isEqualTo(new InvocationResult.Failure("TooManyRequestsException", "Rate Exceeded."));
            assertThat(dir.resolve("cache/env"))
                    .as("no environment was started")
                    .doesNotExist();
        }
    }
}
