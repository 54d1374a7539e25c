package dev.gatewaycli.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gateway-cli local} and {@code --local}: the emulated stack from the bundled model, started for one command
 * or served until a signal. Runs the real command line; {@code local} itself runs in a child JVM so that it can be
 * stopped the way a user stops it, with a signal.
 */
class LocalCommandTest {

    static final String SEED_BODY = "{\"content\":\"Hello from the Lambda function!\"}";

    static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    TestCli cli;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
    }

    @Test
    void callWhenLocalThenTheFunctionAnswersWithTheSeedBody() {
        Result result = cli.run("call", "--local", "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out().strip()).as(result.describe()).isEqualTo(SEED_BODY);
    }

    @Test
    void tokenWhenLocalThenACognitoShapedAccessTokenWithTheTemplatesScope() throws Exception {
        Result result = cli.run("token", "--local", "--decode");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode claims = JSON.readTree(result.out()).path("claims");
        assertThat(claims.path("token_use").asString()).isEqualTo("access");
        assertThat(claims.path("scope").asString()).isEqualTo("users/read-only");
        assertThat(claims.path("iss").asString())
                .matches("https://cognito-idp\\.us-east-1\\.amazonaws\\.com/us-east-1_\\w{9}");
        assertThat(claims.path("client_id").asString())
                .matches("[a-z0-9]{26}")
                .isEqualTo(claims.path("sub").asString());
    }

    @Test
    void verifyWhenLocalThenAllElevenChecksRunAndPass() throws Exception {
        Result result = cli.run("verify", "--local", "-o", "json", "--calls", "5");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode checks = JSON.readTree(result.out()).path("checks");
        assertThat(checks.size()).isEqualTo(11);
        for (JsonNode check : checks) {
            assertThat(check.path("verdict").asString()).as(check.toString()).isEqualTo("pass");
        }
        JsonNode missingScope = checks.get(7);
        assertThat(missingScope.path("name").asString()).isEqualTo("missing-scope-refused");
        assertThat(missingScope.path("evidence").path("tokenSource").asString())
                .as("check 8's token is signed with the emulated pool's key: the seed's client has one scope only")
                .contains("emulated pool's key");
        assertThat(missingScope.path("evidence").path("status").asInt()).isEqualTo(401);
    }

    @Test
    void verifyWhenLocalWithTheMethodsScopeNamedThenCheck8SendsATokenWithoutIt() throws Exception {
        Result result = cli.run("verify", "--local", "-o", "json", "--calls", "1", "--method-scope", "users/read-only");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode evidence = JSON.readTree(result.out()).path("checks").get(7).path("evidence");
        assertThat(evidence.path("methodScopes").get(0).asString()).isEqualTo("users/read-only");
        assertThat(evidence.path("tokenScopes").size())
                .as("the client's only scope is the method's, so the token carries none\n" + evidence)
                .isZero();
    }

    @Test
    void loadWhenLocalThenEveryRequestIsAuthorisedAndAnswered() throws Exception {
        Result result = cli.run("load", "--local", "-n", "40", "-c", "4", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode summary = JSON.readTree(result.out());
        assertThat(summary.path("requests").asInt()).isEqualTo(40);
        assertThat(summary.path("succeeded").asInt()).isEqualTo(40);
        assertThat(summary.path("statusCodes").path("200").asInt())
                .as(result.out())
                .isEqualTo(40);
    }

    @Test
    void verifyWhenLocalAndAJwksUrlThenUsageError() {
        Result result = cli.run("verify", "--local", "--jwks-url", "http://127.0.0.1:9/jwks.json");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err()).contains("--jwks-url");
    }

    @Test
    void callWhenLocalOnAnUnknownPathThenApiGatewaysMissingAuthenticationToken() {
        Result result = cli.run("call", "--local", "/no/such/resource");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.out()).as(result.describe()).contains("Missing Authentication Token");
    }

    @Test
    void tokenWhenLocalWithAScopeTheClientMayNotUseThenRefusedWithExit4() {
        Result result = cli.run("token", "--local", "--scope", "users/write");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(4);
        assertThat(result.err()).as(result.describe()).contains("invalid_scope");
    }

    @Test
    void tokenWhenLocalAndAnEndpointOptionThenUsageError() {
        Result result = cli.run("token", "--local", "--token-url", "https://example.com/oauth2/token");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err()).as(result.describe()).contains("--local").contains("--token-url");
        assertThat(result.err().lines().count()).as("one line on stderr").isEqualTo(1);
    }

    @Test
    void tokenWhenLocalThenTheEnvironmentsEndpointsAreIgnored() {
        cli.env.put("GATEWAY_TOKEN_URL", "http://127.0.0.1:9/oauth2/token");
        cli.env.put("GATEWAY_CLIENT_ID", "someoneelse");
        cli.env.put("GATEWAY_CLIENT_SECRET", "not-the-emulators");

        Result result = cli.run("call", "--local", "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out().strip()).isEqualTo(SEED_BODY);
    }

    @Test
    void localWhenThePortIsTakenThenNetworkErrorWithAHint() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = cli.run("local", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(result.exitCode()).as(result.describe()).isEqualTo(5);
            assertThat(result.err())
                    .as(result.describe())
                    .contains(String.valueOf(taken.getLocalPort()))
                    .contains("--port 0");
        }
    }

    @Test
    void localWhenTheCloudAssemblyIsMissingThenConfigurationError() {
        Result result = cli.run(
                "local", "--port", "0", "--cloud-assembly", home.resolve("nope").toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
        assertThat(result.err())
                .as(result.describe())
                .contains("cloud assembly")
                .contains("nope");
    }

    @Test
    void localWhenStackWithoutCloudAssemblyThenUsageError() {
        Result result = cli.run("local", "--stack", "Other");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
    }

    @Test
    void localWhenThePortIsOutOfRangeThenUsageError() {
        Result result = cli.run("local", "--port", "70000");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err()).contains("--port");
    }

    @Test
    void localWhenAnOpenSettingIsNotAllowedThenUsageError() {
        Result result = cli.run("local", "--port", "0", "--invalid-client-status", "403");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err()).contains("400 or 401");
    }

    /**
     * The whole life of {@code local}: one JSON line once ready, a 0600 profile that other commands use, a token
     * endpoint and API that answer any HTTP client, and a clean stop on SIGINT (Ctrl-C) that frees the port.
     */
    @Test
    void localWhenServedThenOneJsonLineAProfileOtherCommandsUseAndACleanStopOnCtrlC() throws Exception {
        Process process = startLocal("--port", "0", "-o", "json");
        try {
            BufferedReader stdout =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertThat(line)
                    .as("the ready line (stderr: %s)", stderrSoFar(process))
                    .isNotNull();
            JsonNode ready = JSON.readTree(line);
            assertThat(ready.properties())
                    .extracting(java.util.Map.Entry::getKey)
                    .containsExactly(
                            "issuer",
                            "tokenUrl",
                            "jwksUrl",
                            "apiUrl",
                            "userPoolId",
                            "region",
                            "clientId",
                            "clientSecret",
                            "scopes",
                            "idpUrl",
                            "apis",
                            "clients",
                            "apiKeys");
            assertThat(ready.path("tokenUrl").asString()).startsWith("http://127.0.0.1:");

            // Any HTTP client: the client-credentials grant with Basic authentication, then the API.
            HttpClient http = HttpClient.newHttpClient();
            String basic = Base64.getEncoder()
                    .encodeToString((ready.path("clientId").asString() + ":"
                                    + ready.path("clientSecret").asString())
                            .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> token = http.send(
                    HttpRequest.newBuilder(URI.create(ready.path("tokenUrl").asString()))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            String accessToken =
                    JSON.readTree(token.body()).path("access_token").asString();
            HttpResponse<String> api = http.send(
                    HttpRequest.newBuilder(URI.create(ready.path("apiUrl").asString()))
                            .header("Authorization", accessToken)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.body()).isEqualTo(SEED_BODY);

            // The profile it wrote works for the other commands, and only its owner may read it.
            Path config = cli.configDir().resolve("config.yml");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                    .isEqualTo("rw-------");
            Result call = cli.run("--profile", "local", "call", "/");
            assertThat(call.exitCode()).as(call.describe()).isZero();
            assertThat(call.out().strip()).isEqualTo(SEED_BODY);

            // verify finds the pool's JWKS through the profile's jwks-url: the tokens' iss is Cognito's https issuer.
            Result verify = cli.run("--profile", "local", "verify", "--calls", "3");
            assertThat(verify.exitCode()).as(verify.describe()).isZero();

            // The function's CloudWatch-style lines reach local's stderr.
            assertThat(stderrSoFar(process))
                    .containsPattern("START RequestId: [0-9a-f-]{36} Version: \\$LATEST")
                    .containsPattern("REPORT RequestId: [0-9a-f-]{36}\\tDuration: [0-9.]+ ms");

            // Ctrl-C.
            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(process.waitFor(20, TimeUnit.SECONDS))
                    .as("local stops after SIGINT")
                    .isTrue();
            assertThat(stderrSoFar(process)).contains("stopped");
            URI apiUrl = URI.create(ready.path("apiUrl").asString());
            try (java.net.Socket socket = new java.net.Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connect(
                                new java.net.InetSocketAddress(apiUrl.getHost(), apiUrl.getPort()), 2000))
                        .as("the port is closed after the stop")
                        .isInstanceOf(ConnectException.class);
            }
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void localWhenTlsThenHttpsEverywhereTheCaFileInTheLineAndTheProfileAndOtherCommandsTrustIt() throws Exception {
        Process process = startLocal("--port", "0", "--tls", "-o", "json");
        try {
            BufferedReader stdout =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertThat(line)
                    .as("the ready line (stderr: %s)", stderrSoFar(process))
                    .isNotNull();
            JsonNode ready = JSON.readTree(line);
            java.util.List<String> fields = new java.util.ArrayList<>();
            ready.properties().forEach(e -> fields.add(e.getKey()));
            // The contract's order: caFile right after idpUrl, which follows scopes.
            assertThat(fields.subList(fields.indexOf("scopes"), fields.indexOf("scopes") + 3))
                    .containsExactly("scopes", "idpUrl", "caFile");
            Path caFile = cli.cacheDir().resolve("ca").resolve("ca.pem");
            assertThat(ready.path("caFile").asString()).isEqualTo(caFile.toString());
            assertThat(ready.path("tokenUrl").asString()).startsWith("https://127.0.0.1:");
            assertThat(ready.path("apiUrl").asString()).startsWith("https://127.0.0.1:");
            assertThat(ready.path("jwksUrl").asString()).startsWith("https://127.0.0.1:");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caFile.getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(caFile.resolveSibling("ca-key.pem"))))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(cli.configDir().resolve("config.yml"))).contains("ca-file: " + caFile);

            // The profile's ca-file is what the other commands trust: nothing else is configured.
            Result call = cli.run("--profile", "local", "call", "/");
            assertThat(call.exitCode()).as(call.describe()).isZero();
            assertThat(call.out().strip()).isEqualTo(SEED_BODY);
            Result verify = cli.run("--profile", "local", "verify", "--calls", "2");
            assertThat(verify.exitCode()).as(verify.describe()).isZero();

            // Without it, the same endpoint is refused, never trusted blindly.
            cli.env.put("GATEWAY_TOKEN_URL", ready.path("tokenUrl").asString());
            cli.env.put("GATEWAY_CLIENT_ID", ready.path("clientId").asString());
            cli.env.put("GATEWAY_CLIENT_SECRET", ready.path("clientSecret").asString());
            Result untrusted = cli.run("token", "--no-cache");
            assertThat(untrusted.exitCode()).as(untrusted.describe()).isEqualTo(5);
            assertThat(untrusted.err()).contains("is not signed by a CA this CLI trusts");
        } finally {
            stop(process);
        }
    }

    @Test
    void localWhenTlsAndTheCaKeyIsReadableByOthersThenConfigurationErrorAndTheKeyIsKept() throws Exception {
        Path ca = cli.cacheDir().resolve("ca");
        dev.gatewaycli.emulator.tls.LocalCertificateAuthority.loadOrCreate(ca, java.time.Clock.systemUTC());
        Files.setPosixFilePermissions(ca.resolve("ca-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));

        Result result = cli.run("local", "--port", "0", "--tls", "--no-profile");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
        assertThat(result.err().lines().toList()).as(result.describe()).hasSize(1);
        assertThat(result.err()).contains("ca-key.pem").contains("open to group or others");
        assertThat(ca.resolve("ca-key.pem")).exists();
    }

    @Test
    void localWhenTextOutputThenEndpointsOnStdoutAndHintsOnStderr() throws Exception {
        Process process = startLocal("--port", "0", "--no-profile");
        try {
            BufferedReader stdout =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder printed = new StringBuilder();
            for (String line = stdout.readLine(); ; line = stdout.readLine()) {
                assertThat(line)
                        .as("the endpoints so far: %s (stderr: %s)", printed, stderrSoFar(process))
                        .isNotNull();
                printed.append(line).append('\n');
                if (line.contains("scopes ")) {
                    break;
                }
            }
            assertThat(printed)
                    .contains("API             http://127.0.0.1:")
                    .containsPattern("user pool       us-east-1_\\w{9}   \\(cognito-api-user-pool, us-east-1\\)")
                    .contains("  token endpoint  http://127.0.0.1:")
                    .contains("  client secret   ")
                    .contains("  scopes          users/read-only");
            assertThat(cli.configDir().resolve("config.yml")).as("--no-profile").doesNotExist();
            process.destroy(); // SIGTERM stops it as cleanly as Ctrl-C
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(stderrSoFar(process)).contains("press Ctrl-C to stop").contains("stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void localWhenAnAppWithTwoApisThenEveryApiAndClientInTheJsonLineAndTheProfileNamesTheFirst() throws Exception {
        Process process = startLocal(
                "--port",
                "0",
                "-o",
                "json",
                "--cloud-assembly",
                TestAssemblies.assembly("two-apis").toString());
        try {
            JsonNode ready = readyLine(process);
            assertThat(ready.path("apis"))
                    .extracting(a ->
                            a.path("name").asString() + "/" + a.path("stage").asString())
                    .containsExactly("public-api/prod", "partner-api/prod", "partner-api/beta");
            assertThat(ready.path("apis").get(0).path("url").asString())
                    .as("several APIs: each under its own id")
                    .matches("http://127\\.0\\.0\\.1:\\d+/[a-z0-9]{10}/prod/");
            assertThat(ready.path("clients"))
                    .extracting(c -> c.path("name").asString())
                    .containsExactly("partner-reader", "partner-writer");
            assertThat(ready.path("clientId").asString())
                    .isEqualTo(ready.path("clients").get(0).path("clientId").asString());
            assertThat(ready.path("apiUrl").asString())
                    .isEqualTo(ready.path("apis").get(0).path("url").asString());

            // The profile names the first API and client: the public proxy answers through every command.
            Result call = cli.run("--profile", "local", "call", "/anything/at/all");
            assertThat(call.exitCode()).as(call.describe()).isZero();
            assertThat(call.out().strip()).isEqualTo(SEED_BODY);
            String partnerApi = ready.path("apis").get(1).path("url").asString();
            Result partner = cli.run("--profile", "local", "call", "--api-url", partnerApi, "/items");
            assertThat(partner.exitCode()).as(partner.describe()).isZero();
            assertThat(partner.out())
                    .as("the reader's token carries catalog/read")
                    .contains("\"resource\":\"/items\"");
        } finally {
            stop(process);
        }
    }

    @Test
    void localWhenAnAppWithoutCognitoThenTheProfileHasTheApiAndNoTokenEndpoint() throws Exception {
        Process process = startLocal(
                "--port",
                "0",
                "-o",
                "json",
                "--cloud-assembly",
                TestAssemblies.assembly("gateway-features").toString(),
                "--parameter-overrides",
                "Environment=prod");
        try {
            JsonNode ready = readyLine(process);
            assertThat(ready.path("clientId").isNull()).as(ready.toString()).isTrue();
            assertThat(ready.path("tokenUrl").isNull()).as(ready.toString()).isTrue();
            assertThat(ready.path("apiKeys").size()).isPositive();
            assertThat(ready.path("apiKeys").get(0).path("value").asString()).matches("[A-Za-z0-9]{20,128}");
            String config = Files.readString(cli.configDir().resolve("config.yml"));
            assertThat(config)
                    .contains("api-url: " + ready.path("apiUrl").asString())
                    .doesNotContain("token-url")
                    .doesNotContain("client-id");
        } finally {
            stop(process);
        }
    }

    @Test
    void localWhenEnvVarsThenTheFunctionSeesThemBesideTheTemplatesAndNothingOfTheShell() throws Exception {
        Path envVars = home.resolve("env.json");
        Files.writeString(
                envVars,
                "{\"JavaReport\": {\"EXTRA\": \"from the file\"}, \"Parameters\": {\"SHARED\": \"every function\"}}");
        Process process = startLocalWithPath(
                "--port",
                "0",
                "-o",
                "json",
                "--cloud-assembly",
                TestAssemblies.assembly("runtimes").toString(),
                "--env-vars",
                envVars.toString());
        try {
            readyLine(process);
            Result call = cli.run("--profile", "local", "call", "/java/report");
            assertThat(call.exitCode()).as(call.describe()).isZero();
            assertThat(call.out())
                    .contains("env.EXTRA=from the file")
                    .contains("env.SHARED=every function")
                    .contains("env.GREETING=hello from the template")
                    .contains("env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512")
                    .contains("env.AWS_EC2_METADATA_DISABLED=true")
                    .doesNotContain("env.XDG_CONFIG_HOME")
                    .doesNotContain("env.GATEWAY_");
        } finally {
            stop(process);
        }
    }

    @Test
    void localWhenANodeFunctionThenItRunsInItsOwnProcess() throws Exception {
        Process process = startLocalWithPath(
                "--port",
                "0",
                "-o",
                "json",
                "--cloud-assembly",
                TestAssemblies.assembly("node-hello").toString());
        try {
            JsonNode ready = readyLine(process);
            HttpResponse<String> api = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(ready.path("apiUrl").asString() + "hello"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
            assertThat(api.body()).isEqualTo(SEED_BODY);
        } finally {
            stop(process);
        }
    }

    @Test
    void localWhenAFunctionsInterpreterIsMissingThenExit6NamingTheRuntime() throws Exception {
        Process process = startLocal(
                "--port",
                "0",
                "-o",
                "json",
                "--cloud-assembly",
                TestAssemblies.assembly("node-hello").toString());
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(stderrSoFar(process)).isEqualTo(6);
            assertThat(stderrSoFar(process).strip().lines())
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("nodejs20.x").contains("node"));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void localWhenBadParameterOverridesOrFunctionsModeThenUsageError() {
        Result noEquals = cli.run("local", "--parameter-overrides", "Environment");
        assertThat(noEquals.exitCode()).as(noEquals.describe()).isEqualTo(2);
        assertThat(noEquals.err()).contains("--parameter-overrides needs KEY=VALUE, not 'Environment'");
        Result twice = cli.run("local", "--parameter-overrides", "A=1", "--parameter-overrides", "A=2");
        assertThat(twice.exitCode()).as(twice.describe()).isEqualTo(2);
        assertThat(twice.err()).contains("gives A twice");
        Result mode = cli.run("local", "--functions", "threads");
        assertThat(mode.exitCode()).as(mode.describe()).isEqualTo(2);
        assertThat(mode.err()).contains("--functions is 'process' or 'in-process', not 'threads'");
    }

    @Test
    void localWhenAnOverrideNamesNoParameterThenConfigurationErrorNamingIt() {
        Result result = cli.run(
                "local",
                "--port",
                "0",
                "--cloud-assembly",
                TestAssemblies.assembly("gateway-features").toString(),
                "--parameter-overrides",
                "Enviroment=prod");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
        assertThat(result.err()).contains("'Enviroment' names no parameter");
    }

    @Test
    void localWhenTheEnvVarsFileIsNotSamsShapeThenConfigurationError() throws IOException {
        Path envVars = Files.writeString(home.resolve("env.json"), "{\"JavaReport\": [\"not\", \"an object\"]}");
        Result result = cli.run("local", "--port", "0", "--env-vars", envVars.toString());
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
        assertThat(result.err().strip().lines())
                .singleElement()
                .satisfies(line -> assertThat(line).contains("--env-vars").contains("JavaReport"));
        Result missing = cli.run(
                "local",
                "--port",
                "0",
                "--env-vars",
                home.resolve("absent.json").toString());
        assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(3);
    }

    @Test
    void localWhenTheBundledStackThenItsFunctionRunsInTheEmulatorsJvmUnlessFunctionsProcessIsGiven() throws Exception {
        // The bundled function reads no environment: by default it runs in local's own JVM, no child process; with
        // --functions process, in an execution environment of its own, a child JVM through the runtime client.
        for (boolean processes : new boolean[] {false, true}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--port", "0", "-o", "json"));
            if (processes) {
                args.addAll(java.util.List.of("--functions", "process"));
            }
            Process process = startLocal(args.toArray(String[]::new));
            try {
                readyLine(process);
                Result call = cli.run("--profile", "local", "call", "/");
                assertThat(call.exitCode()).as(call.describe()).isZero();
                assertThat(call.out().strip()).isEqualTo(SEED_BODY);
                // (A first Java environment may also start the JVM that makes the runtime's class-data archive.)
                long children =
                        process.descendants().filter(ProcessHandle::isAlive).count();
                if (processes) {
                    assertThat(children).as("child processes of local %s", args).isPositive();
                } else {
                    assertThat(children).as("child processes of local %s", args).isZero();
                }
            } finally {
                stop(process);
            }
        }
    }

    /** Both pools of the people app accept it: ten characters, each of the four kinds. */
    static final String PEOPLE_PASSWORD = "Correct-Horse1";

    /** The bundled pool's policy: twelve characters, each of the four kinds. */
    static final String BUNDLED_PASSWORD = "Local-User-Pass1";

    @Test
    void localWhenUsersThenTheProfileRecordsTheIdpUrlAndAPasswordClientAndTheUserSignsIn() throws Exception {
        Process process = startLocal(
                "--port",
                "0",
                "-o",
                "json",
                "--functions",
                "in-process",
                "--cloud-assembly",
                TestAssemblies.assembly("people").toString(),
                "--user",
                "alice@example.com:" + PEOPLE_PASSWORD);
        try {
            JsonNode ready = readyLine(process);
            String idpUrl = ready.path("idpUrl").asString();
            assertThat(idpUrl).matches("http://127\\.0\\.0\\.1:\\d+/");
            String web = null;
            for (JsonNode client : ready.path("clients")) {
                if (client.path("name").asString().equals("web")) {
                    web = client.path("clientId").asString();
                }
            }
            String config = Files.readString(cli.configDir().resolve("config.yml"));
            assertThat(config).contains("idp-url: " + idpUrl).contains("client-id: " + web);

            cli.env.put("GATEWAY_PASSWORD", PEOPLE_PASSWORD);
            Result call =
                    cli.run("--profile", "local", "call", "--user", "alice@example.com", "--id-token", "/profile");
            assertThat(call.exitCode()).as(call.describe()).isZero();
            assertThat(call.out()).contains("\"email\":\"alice@example.com\"");
        } finally {
            stop(process);
        }
        assertThat(stderrSoFar(process)).doesNotContain(PEOPLE_PASSWORD);
    }

    @Test
    void localWhenUsersButNoClientAllowsThePasswordFlowThenAClientForPeopleIsAddedAndTheUserSignsIn() throws Exception {
        Process process = startLocal(
                "--port",
                "0",
                "-o",
                "json",
                "--cloud-assembly",
                TestAssemblies.assembly("two-apis").toString(),
                "--user",
                "alice:" + PEOPLE_PASSWORD);
        try {
            JsonNode ready = readyLine(process);
            JsonNode added = null;
            for (JsonNode client : ready.path("clients")) {
                if (client.path("name").asString().equals(InProcessEmulator.PEOPLE_CLIENT)) {
                    added = client;
                }
            }
            assertThat(added)
                    .as("the client for people in the JSON line: %s", ready)
                    .isNotNull();
            assertThat(added.path("userPoolId").asString())
                    .isEqualTo(ready.path("userPoolId").asString());
            assertThat(added.path("clientSecret").isNull()).isTrue();
            assertThat(Files.readString(cli.configDir().resolve("config.yml")))
                    .contains("client-id: " + added.path("clientId").asString());

            cli.env.put("GATEWAY_PASSWORD", PEOPLE_PASSWORD);
            Result token = cli.run("--profile", "local", "token", "--user", "alice", "--decode");
            assertThat(token.exitCode()).as(token.describe()).isZero();
            assertThat(JSON.readTree(token.out())
                            .path("claims")
                            .path("client_id")
                            .asString())
                    .isEqualTo(added.path("clientId").asString());
        } finally {
            stop(process);
        }
        assertThat(stderrSoFar(process))
                .contains("no app client of the emulated stacks allows USER_PASSWORD_AUTH, so --user added app client "
                        + InProcessEmulator.PEOPLE_CLIENT)
                .doesNotContain(PEOPLE_PASSWORD);
    }

    @Test
    void localWhenAUsersPasswordThePolicyRefusesThenExit2NamingThePoolAndItsPolicyNotThePassword() {
        Result result = cli.run(
                "local",
                "--port",
                "0",
                "--functions",
                "in-process",
                "--cloud-assembly",
                TestAssemblies.assembly("people").toString(),
                "--user",
                "alice@example.com:Sh0rt-pw");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err())
                .contains("--user")
                .contains("user pool customers")
                .contains("Password not long enough")
                .contains("at least 10 characters")
                .doesNotContain("Sh0rt-pw");
    }

    @Test
    void localWhenUserHasNoPasswordOrTheStacksNoPoolThenUsageError() {
        Result noPassword = cli.run("local", "--port", "0", "--user", "alice");
        Result noPool = cli.run(
                "local",
                "--port",
                "0",
                "--cloud-assembly",
                TestAssemblies.assembly("gateway-features").toString(),
                "--parameter-overrides",
                "Environment=prod",
                "--user",
                "alice:" + PEOPLE_PASSWORD);

        assertThat(noPassword.exitCode()).as(noPassword.describe()).isEqualTo(2);
        assertThat(noPassword.err()).contains("--user needs NAME:PASSWORD");
        assertThat(noPool.exitCode()).as(noPool.describe()).isEqualTo(2);
        assertThat(noPool.err()).contains("no user pool").doesNotContain(PEOPLE_PASSWORD);
    }

    @Test
    void tokenWhenLocalUserThenCreatedInTheBundledPoolAndSignedInThroughAClientForPeople() throws Exception {
        Path password = Files.writeString(home.resolve("password"), BUNDLED_PASSWORD + "\n");

        Result access =
                cli.run("token", "--local", "--user", "alice", "--password-file", password.toString(), "--decode");
        Result id = cli.run(
                "token",
                "--local",
                "--user",
                "alice",
                "--password-file",
                password.toString(),
                "--id-token",
                "--decode");

        assertThat(access.exitCode()).as(access.describe()).isZero();
        JsonNode claims = JSON.readTree(access.out()).path("claims");
        assertThat(claims.path("username").asString()).isEqualTo("alice");
        assertThat(claims.path("scope").asString()).isEqualTo("aws.cognito.signin.user.admin");
        assertThat(id.exitCode()).as(id.describe()).isZero();
        JsonNode idClaims = JSON.readTree(id.out()).path("claims");
        assertThat(idClaims.path("token_use").asString()).isEqualTo("id");
        assertThat(idClaims.path("cognito:username").asString()).isEqualTo("alice");
        assertThat(access.err() + id.err()).doesNotContain(BUNDLED_PASSWORD);
        assertThat(cli.cacheFiles()).as("nothing cached for --local").isEmpty();
    }

    @Test
    void callWhenLocalUserThenTheBundledMethodRefusesTheUsersTokensAsTheDeployedStackWould() {
        cli.env.put("GATEWAY_PASSWORD", BUNDLED_PASSWORD);

        Result access = cli.run("call", "--local", "--user", "alice", "/");
        Result id = cli.run("call", "--local", "--user", "alice", "--id-token", "/");

        assertThat(access.exitCode()).as(access.describe()).isEqualTo(1);
        assertThat(access.out()).contains("Unauthorized");
        assertThat(id.exitCode()).as(id.describe()).isEqualTo(1);
        assertThat(id.out()).contains("Unauthorized");
    }

    @Test
    void tokenWhenLocalUserAndAPasswordThePoolRefusesThenExit2WithThePolicy() {
        cli.env.put("GATEWAY_PASSWORD", "too-weak");

        Result result = cli.run("token", "--local", "--user", "alice");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err())
                .contains("--user alice")
                .contains("at least 12 characters")
                .doesNotContain("too-weak");
    }

    @Test
    void tokenWhenLocalUserWithoutAPasswordOrWithAnIdpUrlThenRefused() {
        Result noPassword = cli.run("token", "--local", "--user", "alice");
        cli.env.put("GATEWAY_PASSWORD", BUNDLED_PASSWORD);
        Result idpUrl = cli.run("token", "--local", "--user", "alice", "--idp-url", "http://127.0.0.1:9/");

        assertThat(noPassword.exitCode()).as(noPassword.describe()).isEqualTo(3);
        assertThat(noPassword.err()).contains("no password for user alice");
        assertThat(idpUrl.exitCode()).as(idpUrl.describe()).isEqualTo(2);
        assertThat(idpUrl.err()).contains("--local").contains("--idp-url");
    }

    @Test
    void callWhenLocalAndGatewayUserOnlyInTheEnvironmentThenClientCredentialsAsEver() {
        cli.env.put("GATEWAY_USER", "alice");

        Result result = cli.run("call", "--local", "/");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out().strip()).isEqualTo(SEED_BODY);
    }

    private JsonNode readyLine(Process process) throws IOException {
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = stdout.readLine();
        assertThat(line).as("the ready line (stderr: %s)", stderrSoFar(process)).isNotNull();
        return JSON.readTree(line);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** {@code local} in a child JVM whose environment has the machine's PATH, where node and python3 are. */
    private Process startLocalWithPath(String... args) throws IOException {
        cli.env.put("PATH", System.getenv("PATH"));
        try {
            return startLocal(args);
        } finally {
            cli.env.remove("PATH");
        }
    }

    /** {@code local} in a child JVM with the test's environment only: no PATH, so no node or python3. */
    private Process startLocal(String... args) throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("local"));
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = cli.inAnotherJvm(command.toArray(String[]::new));
        builder.redirectError(home.resolve("local-stderr.txt").toFile());
        return builder.start();
    }

    private String stderrSoFar(Process process) throws IOException {
        Path file = home.resolve("local-stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
