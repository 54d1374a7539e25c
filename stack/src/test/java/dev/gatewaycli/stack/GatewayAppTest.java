package dev.gatewaycli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's main as the CDK CLI runs it: a fresh JVM, context in {@code CDK_CONTEXT_JSON}, the output directory in
 * {@code CDK_OUTDIR}, working directory at the repository root (where cdk.json is).
 */
class GatewayAppTest {

    private record Run(int exitCode, String stdout, List<String> stderr) {}

    private static Run runMain(Path outdir, String contextJson) throws IOException, InterruptedException {
        Path root =
                TestApps.handlerJar().toAbsolutePath().getParent().getParent().getParent();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        GatewayApp.class.getName())
                .directory(root.toFile());
        Map<String, String> env = builder.environment();
        env.put("CDK_OUTDIR", outdir.toString());
        env.put("CDK_CONTEXT_JSON", contextJson);
        env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("the app finished within 2 minutes")
                .isTrue();
        return new Run(
                process.exitValue(),
                new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> !l.isBlank())
                        .toList());
    }

    @Test
    void mainWhenRunLikeTheCdkCliThenSynthesizesIntoCdkOutdirWithAssetMetadata(@TempDir Path outdir) throws Exception {
        Run run = runMain(outdir, "{}");

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isZero();
        assertThat(outdir.resolve("manifest.json"))
                .as("cloud assembly manifest")
                .isRegularFile();
        assertThat(outdir.resolve("GatewayCliStack.assets.json"))
                .as("asset manifest")
                .isRegularFile();
        String template = Files.readString(outdir.resolve("GatewayCliStack.template.json"));
        assertThat(template)
                .as("function asset metadata the emulator reads")
                .containsPattern("\"aws:asset:path\": \"asset\\.[0-9a-f]{64}\\.jar\"");
        try (var assets = Files.list(outdir)) {
            assertThat(assets.map(p -> p.getFileName().toString()))
                    .as("the handler jar staged as a file asset")
                    .anyMatch(n -> n.matches("asset\\.[0-9a-f]{64}\\.jar"));
        }
    }

    @Test
    void mainWhenContextInvalidThenOneLineOnStderrAndExitCode2(@TempDir Path outdir) throws Exception {
        Run run = runMain(outdir, "{\"accessTokenValidityMinutes\": 2000}");

        assertThat(run.exitCode()).as("exit code").isEqualTo(2);
        assertThat(run.stderr())
                .as("stderr")
                .containsExactly("gateway-cli stack: invalid context: "
                        + "accessTokenValidityMinutes is 2000: Cognito allows 5 to 1440 minutes (5 minutes to 1 day)");
        assertThat(outdir.resolve("manifest.json")).as("nothing synthesized").doesNotExist();
    }
}
