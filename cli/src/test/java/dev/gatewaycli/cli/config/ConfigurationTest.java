package dev.gatewaycli.cli.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import dev.gatewaycli.cli.process.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/contract.md's configuration order (option, environment, profile, default), the profiles file, the secret's
 * sources, and the exit codes for missing or bad configuration (3) and bad usage (2).
 */
class ConfigurationTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    static final String SECRET = "profilesecretprofilesecretprofilesecret0123";

    @RegisterExtension
    static WireMockExtension cognito = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    ProfileStore store;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
        store = new ProfileStore(cli.configDir().resolve("config.yml"), (warning) -> {});
        cognito.stubFor(post(urlEqualTo("/oauth2/token"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(TestTokens.tokenResponse(TestTokens.accessToken(CLIENT_ID, List.of(), 3600), 3600))));
    }

    Profile profile(String clientId, String secret) {
        return new Profile(
                cognito.baseUrl() + "/oauth2/token",
                cognito.baseUrl() + "/prod",
                clientId,
                secret,
                List.of("users/read-only"),
                "post",
                "us-east-1",
                "us-east-1_AbCdEf123",
                null,
                null);
    }

    @Test
    void tokenWhenOnlyDefaultProfileThenItsSettingsAreUsed() {
        store.write("default", profile(CLIENT_ID, SECRET));

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withFormParam("client_id", equalTo(CLIENT_ID))
                        .withFormParam("client_secret", equalTo(SECRET))
                        .withFormParam("scope", equalTo("users/read-only")));
    }

    @Test
    void tokenWhenProfileNamedByEnvironmentThenThatProfileIsUsed() {
        store.write("default", profile("default-client", SECRET));
        store.write("prod", profile("prod-client", SECRET));
        cli.env.put("GATEWAY_PROFILE", "prod");

        cli.run("token");

        cognito.verify(
                1, postRequestedFor(urlEqualTo("/oauth2/token")).withFormParam("client_id", equalTo("prod-client")));
    }

    @Test
    void tokenWhenProfileOptionAndEnvironmentThenOptionWins() {
        store.write("staging", profile("staging-client", SECRET));
        store.write("prod", profile("prod-client", SECRET));
        cli.env.put("GATEWAY_PROFILE", "prod");

        cli.run("--profile", "staging", "token");

        cognito.verify(
                1, postRequestedFor(urlEqualTo("/oauth2/token")).withFormParam("client_id", equalTo("staging-client")));
    }

    @Test
    void tokenWhenEnvironmentAndProfileThenEnvironmentWinsAndOptionBeatsBoth() {
        store.write("default", profile("profile-client", SECRET));
        cli.env.put("GATEWAY_CLIENT_ID", "env-client");

        cli.run("token");
        cli.run("token", "--client-id", "option-client");

        cognito.verify(
                1, postRequestedFor(urlEqualTo("/oauth2/token")).withFormParam("client_id", equalTo("env-client")));
        cognito.verify(
                1, postRequestedFor(urlEqualTo("/oauth2/token")).withFormParam("client_id", equalTo("option-client")));
    }

    @Test
    void tokenWhenSecretFileGivenThenItBeatsEnvironmentAndTrailingNewlineIgnored() throws Exception {
        store.write("default", profile(CLIENT_ID, "from-profile-secret"));
        cli.env.put("GATEWAY_CLIENT_SECRET", "from-environment-secret");
        Path file = Files.writeString(home.resolve("secret.txt"), "from-file-secret\n");

        cli.run("token", "--client-secret-file", file.toString());

        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withFormParam("client_secret", equalTo("from-file-secret")));
    }

    @Test
    void tokenWhenNoSecretAnywhereButTerminalThenPromptAnswerIsUsed() {
        Profile noSecret = profile(CLIENT_ID, null);
        store.write("default", noSecret);
        cli.typedSecret = Optional.of("typed-secret-value");

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth2/token"))
                        .withFormParam("client_secret", equalTo("typed-secret-value")));
    }

    @Test
    void tokenWhenNoSecretAndNoTerminalThenExit3NamingAllSources() {
        store.write("default", profile(CLIENT_ID, null));

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err())
                .contains("no client secret")
                .contains("GATEWAY_CLIENT_SECRET")
                .contains("--client-secret-file");
        assertThat(cognito.getAllServeEvents()).isEmpty();
    }

    @Test
    void tokenWhenNothingConfiguredThenExit3NamingOptionEnvAndProfile() {
        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err().strip())
                .startsWith("gateway-cli: no token endpoint")
                .contains("--token-url")
                .contains("GATEWAY_TOKEN_URL")
                .contains("profile 'default'");
    }

    @Test
    void tokenWhenClientIdMissingThenExit3() {
        cli.env.put("GATEWAY_TOKEN_URL", cognito.baseUrl() + "/oauth2/token");

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains("no client id");
    }

    @Test
    void tokenWhenNamedProfileMissingThenExit3() {
        store.write("default", profile(CLIENT_ID, SECRET));

        Result result = cli.run("--profile", "nope", "token");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains("profile 'nope' not found");
    }

    @Test
    void tokenWhenConfigFileNotYamlThenExit3WithoutQuotingIt() throws Exception {
        Files.createDirectories(cli.configDir());
        Files.writeString(
                cli.configDir().resolve("config.yml"),
                "profiles:\n  default: [unclosed\n  client-secret: " + SECRET + "\n");

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains("is not valid YAML").doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}={1} -> exit 3")
    @CsvSource({
        "GATEWAY_TOKEN_URL, not a url",
        "GATEWAY_CLIENT_AUTH, digest",
        "GATEWAY_CONNECT_TIMEOUT, soon",
        "GATEWAY_RETRIES, many"
    })
    void tokenWhenEnvironmentValueBadThenExit3NamingTheVariable(String name, String value) {
        store.write("default", profile(CLIENT_ID, SECRET));
        cli.env.put(name, value);

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains(name);
        assertThat(cognito.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} -> exit 2")
    @CsvSource({
        "--token-url, ftp://x/y",
        "--auth, digest",
        "--connect-timeout, soon",
        "--retries, 99",
        "--output, yaml",
        "--unknown-option, x"
    })
    void tokenWhenOptionValueBadThenExit2(String option, String value) {
        store.write("default", profile(CLIENT_ID, SECRET));

        Result result = cli.run("token", option, value);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip().lines().count()).as(result.describe()).isEqualTo(1);
        assertThat(cognito.getAllServeEvents()).isEmpty();
    }

    @Test
    void profileStoreWhenWritingThenFileIs0600InA0700DirectoryAndOtherProfilesKept() throws Exception {
        store.write("a", profile("client-a", SECRET));
        store.write("b", profile("client-b", SECRET));

        Path file = cli.configDir().resolve("config.yml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.configDir())))
                .isEqualTo("rwx------");
        assertThat(store.names()).containsExactly("a", "b");
        assertThat(store.read("a")).get().extracting(Profile::clientId).isEqualTo("client-a");
        assertThat(store.read("b").orElseThrow().scopes()).containsExactly("users/read-only");
    }

    @Test
    void tokenWhenConfigFileReadableByOthersThenWarningOnStderrAndStillWorks() throws Exception {
        store.write("default", profile(CLIENT_ID, SECRET));
        Path file = cli.configDir().resolve("config.yml");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.err()).contains("warning").contains("chmod 600");
        assertThat(result.out()).doesNotContain("warning");
    }

    @Test
    void tokenWhenNoUsableConfigurationThenNoRequestIsMade() {
        cli.run("token");

        cognito.verify(0, anyRequestedFor(urlPathEqualTo("/oauth2/token")));
    }
}
