package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.FunctionModel;
import dev.gatewaycli.emulator.model.MethodModel;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real thing: the model the {@code stack} module synthesizes from our CDK app, read from the class path as the CLI
 * reads it, served with the real function jar it carries.
 */
class BundledModelTest {

    @TempDir
    Path cache;

    /** In its own JVM through AWS's runtime interface client (the default), and in the emulator's JVM. */
    @ParameterizedTest
    @EnumSource(FunctionSettings.Mode.class)
    @Timeout(120)
    void bundledWhenOnClassPathThenServesTheSeedsApiWithItsFunction(FunctionSettings.Mode mode) {
        try (GatewayEmulator emu = GatewayEmulator.builder()
                .model(StackModel.bundled())
                .settings(EmulatorSettings.defaults()
                        .withFunctions(
                                FunctionSettings.defaults().withMode(mode).withCacheDirectory(cache)))
                .start()) {
            assertThat(emu.scopes())
                    .as("the app client's scopes, from the synthesized template")
                    .containsExactly("users/read-only");
            assertThat(emu.stack().userPools().get(0).clients().get(0).accessTokenValidity())
                    .isEqualTo(Duration.ofMinutes(30));
            MethodModel root = emu.stack().apis().get(0).methods().stream()
                    .filter(m -> m.resourcePath().equals("/"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "no method on / in " + emu.stack().apis().get(0).methods()));
            assertThat(root.httpMethod()).isEqualTo("GET");
            assertThat(root.scopes()).containsExactly("users/read-only");
            FunctionModel function = emu.stack().functions().get(root.function());
            assertThat(function.handler()).isEqualTo("dev.gatewaycli.handler.HelloHandler::handleRequest");
            assertThat(function.memoryMb()).isEqualTo(1024);
            assertThat(function.timeout()).isEqualTo(Duration.ofSeconds(60));

            HttpResponse<String> r = Http.get(emu.apiUrl(), "Authorization", Http.token(emu));
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
            assertThat(emu.apiUrl()).endsWith("/prod/");
        }
    }
}
