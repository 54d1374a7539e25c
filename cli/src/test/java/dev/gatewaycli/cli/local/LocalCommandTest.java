package dev.gatewaycli.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.GatewayCliApplication;
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
    void tokenWhenLocalThenNothingIsCachedBecauseThePortAndClientAreNewEachRun() throws IOException {
        Result result = cli.run("token", "--local");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(cli.cacheFiles()).as("cache entries after token --local").isEmpty();
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
    void localWhenTextOutputThenEndpointsOnStdoutAndHintsOnStderr() throws Exception {
        Process process = startLocal("--port", "0", "--no-profile");
        try {
            BufferedReader stdout =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder printed = new StringBuilder();
            for (int i = 0; i < 9; i++) {
                String line = stdout.readLine();
                assertThat(line)
                        .as("line %d of the endpoints (stderr: %s)", i, stderrSoFar(process))
                        .isNotNull();
                printed.append(line).append('\n');
            }
            assertThat(printed)
                    .contains("API             http://127.0.0.1:")
                    .contains("client secret   ")
                    .contains("scopes          users/read-only");
            assertThat(cli.configDir().resolve("config.yml")).as("--no-profile").doesNotExist();
            process.destroy(); // SIGTERM stops it as cleanly as Ctrl-C
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(stderrSoFar(process)).contains("press Ctrl-C to stop").contains("stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private Process startLocal(String... args) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                javaBin, "-XX:TieredStopAtLevel=1", "-cp", classpath, GatewayCliApplication.class.getName(), "local"));
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(cli.env);
        builder.redirectError(home.resolve("local-stderr.txt").toFile());
        return builder.start();
    }

    private String stderrSoFar(Process process) throws IOException {
        Path file = home.resolve("local-stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
