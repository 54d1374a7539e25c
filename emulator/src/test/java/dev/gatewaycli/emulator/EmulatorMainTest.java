package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The standalone runner's usage and configuration errors (docs/contract.md exit codes, one line on stderr) and its output. */
class EmulatorMainTest {

    @TempDir
    Path dir;

    /** What one launch printed and returned. */
    record Outcome(EmulatorMain.Launch launch, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Outcome launch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EmulatorMain.Launch launch = EmulatorMain.launch(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(launch, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertFailed(Outcome o, int exitCode, String containing) {
        if (o.launch().emulator() != null) {
            o.launch().emulator().close();
        }
        assertThat(o.launch().emulator())
                .as("no emulator started; stderr %s", o.err())
                .isNull();
        assertThat(o.launch().exitCode()).as("exit code; stderr %s", o.err()).isEqualTo(exitCode);
        assertThat(o.errLines()).as("exactly one line on stderr").hasSize(1);
        assertThat(o.errLines().get(0)).startsWith("emulator: ").contains(containing);
        assertThat(o.out()).as("nothing on stdout").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "--bogus x|unknown option --bogus",
                "--functions threads|--functions is 'process' or 'in-process', not 'threads'",
                "--port|option --port needs a value",
                "--port abc|--port needs a number",
                "--port 70000|--port needs a number",
                "--port -1|--port needs a number",
                "serve|unexpected argument 'serve'",
                "--template t.json|--template and --assets go together",
                "--assets dir|--template and --assets go together",
                "--stack S|--stack names a stack of --cloud-assembly",
                "--template t.json --assets a --cloud-assembly c|alternatives",
                "--parameter-overrides novalue|--parameter-overrides needs KEY=VALUE, not 'novalue'",
                "--parameter-overrides =x|--parameter-overrides needs KEY=VALUE",
                "--parameter-overrides A=1 --parameter-overrides A=2|--parameter-overrides gives A twice",
                "--region nowhere|--region: region 'nowhere' is not an AWS Region name",
                "--user alice|--user needs NAME:PASSWORD",
                "--user :Secret-Pass1|--user needs NAME:PASSWORD",
                "--user alice:|--user needs NAME:PASSWORD",
                "--user alice:A-pass1word --user alice:B-pass1word|--user: user 'alice' is given twice"
            })
    void launchWhenUsageErrorThenExit2WithOneLine(String caseSpec) {
        String[] parts = caseSpec.split("\\|");
        assertFailed(launch(parts[0].split(" ")), EmulatorMain.USAGE, parts[1]);
    }

    @Test
    void launchWhenHelpThenUsageOnStdoutAndExit0() {
        Outcome o = launch("--help");
        assertThat(o.launch().exitCode()).isZero();
        assertThat(o.launch().emulator()).isNull();
        assertThat(o.out()).startsWith("Usage: EmulatorMain");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void launchWhenTlsThenPrintsHttpsUrlsAndTheCaFile() {
        Path ca = dir.resolve("ca");
        Outcome o = launch("--tls", "--ca-dir", ca.toString(), "--functions", "in-process");
        try (GatewayEmulator emu = o.launch().emulator()) {
            assertThat(emu).as("started; stderr %s", o.err()).isNotNull();
            JsonNode line = Http.json(o.out().strip());
            assertThat(line.get("apiUrl").asString()).startsWith("https://127.0.0.1:");
            assertThat(line.get("tokenUrl").asString()).startsWith("https://127.0.0.1:");
            assertThat(line.get("caFile").asString())
                    .isEqualTo(ca.toAbsolutePath().resolve("ca.pem").toString());
            assertThat(ca.resolve("ca-key.pem")).exists();
        }
    }

    @Test
    void launchWhenCaDirWithoutTlsThenUsageErrorExit2() {
        assertFailed(launch("--ca-dir", dir.toString()), EmulatorMain.USAGE, "--ca-dir names the CA of --tls");
    }

    @Test
    void launchWhenCaKeyIsReadableByOthersThenConfigurationErrorExit3() throws IOException {
        Path ca = dir.resolve("ca");
        EmulatorMain.launch(
                        new String[] {"--tls", "--ca-dir", ca.toString(), "--functions", "in-process"},
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .emulator()
                .close();
        Files.setPosixFilePermissions(
                ca.resolve("ca-key.pem"), java.nio.file.attribute.PosixFilePermissions.fromString("rw----r--"));

        assertFailed(
                launch("--tls", "--ca-dir", ca.toString(), "--functions", "in-process"),
                EmulatorMain.CONFIGURATION,
                "ca-key.pem has mode rw----r--, open to group or others");
    }

    @Test
    void launchWhenTemplateMissingThenConfigurationErrorExit3() {
        assertFailed(
                launch("--template", dir.resolve("none.template.json").toString(), "--assets", dir.toString()),
                EmulatorMain.CONFIGURATION,
                "none.template.json");
    }

    @Test
    void launchWhenTemplateCannotBeModelledThenExit3NamingResourceAndProperty() throws IOException {
        String seed = Files.readString(TestStacks.template("Seed"));
        Path template = dir.resolve("Http.template.json");
        Files.writeString(template, seed.replace("\"AWS_PROXY\"", "\"HTTP_PROXY\""));
        TestStacks.copy(TestStacks.handlerJar(), dir.resolve("asset.hello.jar"));

        Outcome o = launch("--template", template.toString(), "--assets", dir.toString());
        assertFailed(o, EmulatorMain.CONFIGURATION, "restapiGET0F1E2D3C");
        assertThat(o.err()).contains("Integration.Type").contains("HTTP_PROXY");
    }

    @Test
    void launchWhenAnOverrideNamesNoParameterThenExit3NamingIt() {
        TestStacks.copy(TestStacks.handlerJar(), dir.resolve("asset.hello.jar"));
        assertFailed(
                launch(
                        "--template",
                        TestStacks.template("Seed").toString(),
                        "--assets",
                        dir.toString(),
                        "--parameter-overrides",
                        "Stage=beta"),
                EmulatorMain.CONFIGURATION,
                "The parameter override 'Stage' names no parameter");
    }

    @Test
    void launchWhenRegionOverridesAndStackThenTheAssemblyIsNarrowedAndParametersApplied() {
        Outcome o = launch(
                "--cloud-assembly",
                TestApps.assembly("gateway-features").toString(),
                "--stack",
                "Features",
                "--region",
                "eu-west-2",
                "--parameter-overrides",
                "Environment=prod");
        try (GatewayEmulator emu = o.launch().emulator()) {
            assertThat(emu).as("started; stderr %s", o.err()).isNotNull();
            JsonNode line = Http.json(o.out());
            assertThat(line.get("region").asString()).isEqualTo("eu-west-2");
            assertThat(line.get("apiKeys").size())
                    .as("the prod-only key exists with Environment=prod")
                    .isEqualTo(5);
            assertThat(line.get("userPoolId").isNull()).isTrue();
        }
        Outcome narrowed =
                launch("--cloud-assembly", TestApps.assembly("multi-stack").toString(), "--stack", "M2MStatus");
        try (GatewayEmulator emu = narrowed.launch().emulator()) {
            assertThat(emu).as("started; stderr %s", narrowed.err()).isNotNull();
            assertThat(emu.stack().stackNames()).containsExactly("M2MStatus");
            assertThat(emu.apis())
                    .singleElement()
                    .satisfies(a -> assertThat(a.url()).isEqualTo(emu.baseUrl() + "/prod/"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{ not json|is not valid JSON",
                "[1, 2]|must be a JSON object of functions",
                "{\"Hello\": \"x\"}|entry 'Hello' must be an object of variable names to values",
                "{\"Hello\": {\"1BAD\": \"x\"}}|'1BAD' is not a variable name Lambda accepts",
                "{\"Parameters\": {\"AWS_LAMBDA_RUNTIME_API\": \"x\"}}|AWS_LAMBDA_RUNTIME_API is set by the emulator",
                "{\"Hello\": {\"A_LIST\": [1]}}|the value of A_LIST must be a string, a number or a boolean"
            })
    void launchWhenEnvVarsFileMalformedThenExit3WithOneLine(String caseSpec) throws IOException {
        String[] parts = caseSpec.split("\\|", 2);
        Path file = dir.resolve("env.json");
        Files.writeString(file, parts[0]);
        assertFailed(launch("--env-vars", file.toString()), EmulatorMain.CONFIGURATION, parts[1]);
    }

    @Test
    void launchWhenEnvVarsFileMissingThenExit3() {
        assertFailed(
                launch("--env-vars", dir.resolve("nowhere.json").toString()),
                EmulatorMain.CONFIGURATION,
                "does not exist or is not a file");
    }

    @Test
    void launchWhenCloudAssemblyHasNoManifestThenExit3() {
        assertFailed(launch("--cloud-assembly", dir.toString()), EmulatorMain.CONFIGURATION, "manifest.json");
    }

    @Test
    void launchWhenKeysFileIsNotAJwkSetThenExit3() throws IOException {
        Path keys = Files.writeString(dir.resolve("keys.json"), "{\"not\":\"a JWK set\"}");
        TestStacks.copy(TestStacks.handlerJar(), dir.resolve("asset.hello.jar"));
        assertFailed(
                launch(
                        "--template",
                        TestStacks.template("Seed").toString(),
                        "--assets",
                        dir.toString(),
                        "--keys",
                        keys.toString()),
                EmulatorMain.CONFIGURATION,
                "keys.json");
    }

    @Test
    void launchWhenPortTakenThenExit5() throws IOException {
        TestStacks.copy(TestStacks.handlerJar(), dir.resolve("asset.hello.jar"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertFailed(
                    launch(
                            "--template",
                            TestStacks.template("Seed").toString(),
                            "--assets",
                            dir.toString(),
                            "--port",
                            String.valueOf(taken.getLocalPort())),
                    EmulatorMain.NETWORK,
                    "Cannot listen");
        }
    }

    @Test
    void launchWhenValidThenOneJsonLineOfEndpointsThatWork() {
        TestStacks.copy(TestStacks.handlerJar(), dir.resolve("asset.hello.jar"));
        Outcome o = launch("--template", TestStacks.template("Seed").toString(), "--assets", dir.toString());
        try (GatewayEmulator emu = o.launch().emulator()) {
            assertThat(emu).as("started; stderr %s", o.err()).isNotNull();
            assertThat(o.out().lines().toList()).hasSize(1);
            JsonNode line = Http.json(o.out());
            assertThat(line.propertyNames())
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
            assertThat(line.get("apiUrl").asString()).isEqualTo(emu.apiUrl());
            assertThat(line.at("/apis/0/url").asString()).isEqualTo(emu.apiUrl());
            assertThat(line.at("/clients/0/clientSecret").asString()).isEqualTo(emu.clientSecret());
            assertThat(Http.get(emu.apiUrl(), "Authorization", Http.token(emu)).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void launchWhenBoundToEveryInterfaceThenOneWarningLineAfterTheJson() {
        TestStacks.copy(TestStacks.handlerJar(), dir.resolve("asset.hello.jar"));
        Outcome o = launch(
                "--host", "0.0.0.0", "--template", TestStacks.template("Seed").toString(), "--assets", dir.toString());
        try (GatewayEmulator emu = o.launch().emulator()) {
            assertThat(emu).as("started; stderr %s", o.err()).isNotNull();
            assertThat(o.out().lines().toList()).hasSize(1);
            assertThat(Http.json(o.out()).get("tokenUrl").asString()).startsWith("http://127.0.0.1:");
            assertThat(o.errLines())
                    .containsExactly("emulator: listening on 0.0.0.0, reachable from other machines: the emulator "
                            + "has no TLS and its credentials are throw-away, not secret");
        }
    }

    @Test
    void launchWhenBoundToLoopbackThenNoWarning() {
        TestStacks.copy(TestStacks.handlerJar(), dir.resolve("asset.hello.jar"));
        Outcome o = launch("--template", TestStacks.template("Seed").toString(), "--assets", dir.toString());
        try (GatewayEmulator emu = o.launch().emulator()) {
            assertThat(emu).as("started; stderr %s", o.err()).isNotNull();
            assertThat(o.err()).isEmpty();
        }
    }

    @Test
    void mainWhenUsageOrConfigurationErrorThenProcessExitsWithItsCode() throws Exception {
        // The real process: System.exit carries the code, stderr the one line.
        assertThat(runMain("--bogus", "x")).isEqualTo(List.of("2", "emulator: unknown option --bogus (try --help)"));
        List<String> config = runMain("--cloud-assembly", dir.toString());
        assertThat(config.get(0)).isEqualTo("3");
        assertThat(config).hasSize(2);
        assertThat(config.get(1)).startsWith("emulator: ").contains("manifest.json");
    }

    /** Runs EmulatorMain in a JVM of its own; returns the exit code and the lines of stderr. */
    private List<String> runMain(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmulatorMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("EmulatorMain exited")
                .isTrue();
        List<String> out = new java.util.ArrayList<>();
        out.add(String.valueOf(process.exitValue()));
        out.addAll(err.lines().toList());
        return out;
    }

    @Test
    void launchWhenUserThePoolsPolicyRefusesThenExit2NamingThePoolAndWhatItNeeds() {
        Outcome o = launch(
                "--cloud-assembly",
                TestApps.assembly("people").toString(),
                "--functions",
                "in-process",
                "--user",
                "alice@example.com:short");

        assertFailed(o, EmulatorMain.USAGE, "--user: user pool customers");
        assertThat(o.err())
                .contains("Password did not conform with policy: Password not long enough")
                .contains("at least 10 characters")
                .doesNotContain("short");
    }

    @Test
    void launchWhenUsersThenEachSignsInAtTheIdpUrlOfTheJsonLine() {
        Outcome o = launch(
                "--cloud-assembly",
                TestApps.assembly("people").toString(),
                "--functions",
                "in-process",
                "--user",
                "alice@example.com:Correct-Horse1:with:colons",
                "--user",
                "bob@example.com:Another-Horse2");
        try (GatewayEmulator emu = o.launch().emulator()) {
            assertThat(emu).as("started; stderr %s", o.err()).isNotNull();
            JsonNode line = Http.json(o.out());
            String web = emu.clients().stream()
                    .filter(c -> c.name().equals("web"))
                    .findFirst()
                    .orElseThrow()
                    .clientId();
            for (String[] user : List.of(
                    new String[] {"alice@example.com", "Correct-Horse1:with:colons"},
                    new String[] {"bob@example.com", "Another-Horse2"})) {
                var response = Http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(line.get("idpUrl").asString()))
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"AuthFlow\":\"USER_PASSWORD_AUTH\","
                                + "\"ClientId\":\"" + web + "\",\"AuthParameters\":{\"USERNAME\":\"" + user[0]
                                + "\",\"PASSWORD\":\"" + user[1] + "\"}}")));
                assertThat(response.statusCode())
                        .as("%s: %s", user[0], response.body())
                        .isEqualTo(200);
                assertThat(Http.json(response.body())
                                .at("/AuthenticationResult/IdToken")
                                .asString())
                        .isNotBlank();
            }
        }
    }
}
