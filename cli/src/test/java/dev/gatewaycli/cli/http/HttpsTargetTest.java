package dev.gatewaycli.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.local.TestAssemblies;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import dev.gatewaycli.emulator.tls.LocalCertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every command that speaks HTTP, against the emulator over HTTPS: trusted through {@code --cacert},
 * {@code GATEWAY_CA_FILE} or the profile's {@code ca-file}, added to the JDK's trust; refused (exit 5, one line,
 * what to do) without it. Verification is never off: a CA that did not sign the certificate is refused too.
 */
@Timeout(120)
class HttpsTargetTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    static final String SEED_BODY = "{\"content\":\"Hello from the Lambda function!\"}";

    @TempDir
    static Path caDir;

    static GatewayEmulator emulator;

    @TempDir
    Path home;

    TestCli cli;

    @BeforeAll
    static void start() {
        EmulatorSettings d = EmulatorSettings.defaults();
        emulator = GatewayEmulator.builder()
                .model(StackModel.bundled())
                .settings(d.withFunctions(d.functions().withMode(FunctionSettings.Mode.IN_PROCESS)))
                .tls(caDir.resolve("ca"))
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
        cli.env.put("GATEWAY_TOKEN_URL", emulator.tokenUrl());
        cli.env.put("GATEWAY_API_URL", emulator.apiUrl());
        cli.env.put("GATEWAY_CLIENT_ID", emulator.clientId());
        cli.env.put("GATEWAY_CLIENT_SECRET", emulator.clientSecret());
        cli.env.put("GATEWAY_RETRIES", "0");
    }

    @Test
    void tokenWhenCaFileInTheEnvironmentThenFetchedOverHttps() {
        cli.env.put("GATEWAY_CA_FILE", emulator.caFile().toString());

        Result result = cli.run("token", "--no-cache");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out().strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void callWhenCacertOptionThenTheApiAnswersOverHttps() {
        Result result = cli.run("call", "--cacert", emulator.caFile().toString(), "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out().strip()).isEqualTo(SEED_BODY);
    }

    @Test
    void callWhenTheProfileNamesTheCaFileThenTrusted() throws Exception {
        Files.createDirectories(cli.configDir());
        Files.writeString(
                cli.configDir().resolve("config.yml"), "profiles:\n  tls:\n    ca-file: " + emulator.caFile() + "\n");

        Result result = cli.run("--profile", "tls", "call", "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out().strip()).isEqualTo(SEED_BODY);
    }

    @Test
    void verifyWhenCaFileThenEveryCheckPassesWithTheJwksFetchedOverHttps() throws Exception {
        cli.env.put("GATEWAY_CA_FILE", emulator.caFile().toString());

        Result result = cli.run(
                "verify",
                "-o",
                "json",
                "--calls",
                "3",
                "--jwks-url",
                emulator.jwksUrl(),
                "--user-pool-id",
                emulator.userPoolId());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode checks = JSON.readTree(result.out()).path("checks");
        assertThat(checks.size()).isEqualTo(11);
        for (JsonNode check : checks) {
            // Check 8 needs a token without the method's scope, which this client cannot get: a skip, not a failure.
            assertThat(check.path("verdict").asString()).as(check.toString()).isIn("pass", "skip");
        }
        assertThat(checks.get(1).path("verdict").asString())
                .as("check 2 verifies the signature with the JWKS it fetched over HTTPS: %s", checks.get(1))
                .isEqualTo("pass");
    }

    @Test
    void loadWhenClosedModelOverHttpsThenEveryRequestAnswered200() throws Exception {
        cli.env.put("GATEWAY_CA_FILE", emulator.caFile().toString());

        Result result = cli.run("load", "-n", "200", "-c", "4", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode summary = JSON.readTree(result.out());
        assertThat(summary.path("statusCodes").path("200").asInt())
                .as(result.out())
                .isEqualTo(200);
        assertThat(summary.path("failed").asInt()).isZero();
    }

    @Test
    void loadWhenOpenModelOverHttpsThenEveryRequestAnswered200() throws Exception {
        cli.env.put("GATEWAY_CA_FILE", emulator.caFile().toString());

        Result result = cli.run("load", "--rate", "200", "-n", "60", "-c", "4", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode summary = JSON.readTree(result.out());
        assertThat(summary.path("statusCodes").path("200").asInt())
                .as(result.out())
                .isEqualTo(60);
    }

    @Test
    void tokenWhenNoCaFileThenExit5WithOneLineSayingHowToTrustIt() {
        Result result = cli.run("token", "--no-cache");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err().lines().toList()).as(result.describe()).hasSize(1);
        assertThat(result.err())
                .contains("is not signed by a CA this CLI trusts")
                .contains("--cacert FILE")
                .contains("GATEWAY_CA_FILE")
                .contains("ca-file");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void callWhenAnotherCaIsTrustedThenTheCertificateIsStillRefused(@TempDir Path other) {
        LocalCertificateAuthority stranger = LocalCertificateAuthority.loadOrCreate(other, Clock.systemUTC());
        cli.env.put("GATEWAY_CA_FILE", stranger.certificateFile().toString());

        Result result = cli.run("call", "/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err()).contains("is not signed by a CA this CLI trusts");
    }

    @Test
    void loadWhenNoCaFileThenRefusedBeforeTheRunWithExit5() {
        Result result = cli.run("load", "-n", "10", "-c", "2", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err()).contains("is not signed by a CA this CLI trusts");
    }

    @Test
    void callAndLoadWhenTheCertificateNamesAnotherHostThenRefusedEvenThoughItsCaIsTrusted() throws Exception {
        // A server of the same, trusted CA whose certificate names another host only: host name verification.
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(caDir.resolve("ca"), Clock.systemUTC());
        io.netty.handler.ssl.SslContext context =
                ca.issue(java.util.List.of("other.example")).buildServerContext();
        reactor.netty.DisposableServer other = reactor.netty.http.server.HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure((spec) -> spec.sslContext(context))
                .handle((request, response) -> response.sendString(reactor.core.publisher.Mono.just("{}")))
                .bindNow();
        try {
            cli.env.put("GATEWAY_CA_FILE", emulator.caFile().toString());
            cli.env.put("GATEWAY_API_URL", "https://127.0.0.1:" + other.port() + "/prod/");

            Result call = cli.run("call", "/");
            Result load = cli.run("load", "-n", "8", "-c", "2", "-o", "json");

            assertThat(call.exitCode()).as(call.describe()).isEqualTo(ExitCodes.NETWORK);
            assertThat(call.err()).contains("does not name 127.0.0.1");
            assertThat(load.exitCode()).as(load.describe()).isEqualTo(ExitCodes.FAILED);
            JsonNode summary = JSON.readTree(load.out());
            assertThat(summary.path("failed").asInt()).as(load.out()).isEqualTo(8);
            assertThat(summary.path("statusCodes").size())
                    .as("no answer got through")
                    .isZero();
        } finally {
            other.disposeNow();
        }
    }

    @Test
    void cacertWhenTheFileIsMissingThenExit3NamingIt() {
        Result result = cli.run("call", "--cacert", home.resolve("none.pem").toString(), "/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err()).contains("none.pem").contains("--cacert").contains("does not exist");
    }

    @Test
    void cacertWhenTheFileIsNoCertificateThenExit3() throws Exception {
        Path key = caDir.resolve("ca").resolve("ca-key.pem");
        Path garbage = Files.writeString(home.resolve("garbage.pem"), "-----BEGIN NONSENSE-----\nAAAA\n");

        Result keyResult = cli.run("call", "--cacert", key.toString(), "/");
        Result garbageResult = cli.run("token", "--no-cache", "--cacert", garbage.toString());

        assertThat(keyResult.exitCode()).as(keyResult.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(keyResult.err()).contains("is not a PEM certificate file").doesNotContain("PRIVATE KEY");
        assertThat(garbageResult.exitCode()).as(garbageResult.describe()).isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void caFileWhenFromTheEnvironmentAndBadThenTheMessageNamesTheVariable() {
        cli.env.put("GATEWAY_CA_FILE", home.resolve("missing.pem").toString());

        Result result = cli.run("token", "--no-cache");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains("GATEWAY_CA_FILE");
    }

    @Test
    void tokenWhenAUserSignsInOverHttpsThenTrustedThroughTheCaFileAndRefusedWithoutIt() {
        String password = "Correct-Horse1";
        try (GatewayEmulator people = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestAssemblies.assembly("people")))
                .settings(EmulatorSettings.defaults()
                        .withUser("alice@example.com", password)
                        .withFunctions(FunctionSettings.defaults().withMode(FunctionSettings.Mode.IN_PROCESS)))
                .tls(caDir.resolve("ca"))
                .start()) {
            String web = people.clients().stream()
                    .filter(c -> c.name().equals("web"))
                    .findFirst()
                    .orElseThrow()
                    .clientId();
            assertThat(people.idpUrl()).startsWith("https://");
            TestCli user = new TestCli(home.resolve("user"));
            user.signIn(people.idpUrl().replaceAll("/$", ""), web, password);

            Result untrusted = user.run("token", "--user", "alice@example.com", "--no-cache");
            user.env.put("GATEWAY_CA_FILE", people.caFile().toString());
            Result trusted = user.run("token", "--user", "alice@example.com", "--id-token", "--decode");

            assertThat(untrusted.exitCode()).as(untrusted.describe()).isEqualTo(ExitCodes.NETWORK);
            assertThat(untrusted.err().lines().count()).as(untrusted.describe()).isEqualTo(1);
            assertThat(untrusted.err()).contains("--cacert").doesNotContain(password);
            assertThat(trusted.exitCode()).as(trusted.describe()).isZero();
            assertThat(JSON.readTree(trusted.out())
                            .path("claims")
                            .path("token_use")
                            .asString())
                    .isEqualTo("id");
            assertThat(trusted.err()).doesNotContain(password);
        }
    }
}
