package dev.gatewaycli.cli.configure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.local.TestAssemblies;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway-cli configure --endpoint-url} against the emulator's Identity Provider API, the real one of this
 * project rather than a recording: {@code DescribeUserPool} and {@code DescribeUserPoolClient} (SigV4-signed with
 * throw-away credentials) give the secret, scopes and flows, {@code ListUserPoolClients} the candidates; the profile
 * then signs a user in at that API.
 */
@Timeout(90)
class ConfigureEmulatorTest {

    static GatewayEmulator emu;

    static GatewayEmulator.UserPool customers;

    static GatewayEmulator.Client backend;

    @TempDir
    Path home;

    TestCli cli;

    @BeforeAll
    static void start() {
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestAssemblies.assembly("people")))
                .settings(EmulatorSettings.defaults()
                        .withUser("alice@example.com", "Correct-Horse1")
                        .withFunctions(FunctionSettings.defaults().withMode(FunctionSettings.Mode.IN_PROCESS)))
                .start();
        customers = emu.userPools().get(0);
        backend = emu.clients().stream()
                .filter(c -> c.name().equals("backend"))
                .findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        cli.env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        cli.env.put("GATEWAY_CONNECT_TIMEOUT", "2s");
        cli.env.put("GATEWAY_READ_TIMEOUT", "5s");
    }

    Profile profile(String name) {
        return new ProfileStore(cli.configDir().resolve("config.yml"), (w) -> {})
                .read(name)
                .orElseThrow();
    }

    @Test
    void configureWhenPoolAndClientAtTheEmulatorThenAProfileThatSignsTheUserIn() {
        Result result = cli.run(
                "configure",
                "--endpoint-url",
                emu.idpUrl(),
                "--user-pool-id",
                customers.userPoolId(),
                "--client-id",
                backend.clientId(),
                "--token-url",
                emu.tokenUrl(),
                "--api-url",
                emu.apiUrl());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Profile written = profile("default");
        assertThat(written.clientSecret())
                .as("fetched with DescribeUserPoolClient")
                .isEqualTo(backend.clientSecret());
        assertThat(written.idpUrl()).isEqualTo(emu.idpUrl());
        assertThat(written.userPoolId()).isEqualTo(customers.userPoolId());
        assertThat(written.tokenUrl()).isEqualTo(emu.tokenUrl());
        assertThat(written.scopes())
                .as("the profile keeps resource-server scopes only; the backend client has OpenID ones")
                .isNull();
        assertThat(result.out()).contains("openid").contains("aws.cognito.signin.user.admin");
        assertThat(result.out() + result.err()).doesNotContain(backend.clientSecret());

        cli.env.put("GATEWAY_PASSWORD", "Correct-Horse1");
        Result call = cli.run("call", "--user", "alice@example.com", "--id-token", "/profile");
        assertThat(call.exitCode()).as(call.describe()).isZero();
        assertThat(call.out()).contains("alice@example.com");
    }

    @Test
    void configureWhenOnlyThePoolIsNamedThenTheCandidateClientsAreListedForTheOption() {
        Result result = cli.run("configure", "--endpoint-url", emu.idpUrl(), "--user-pool-id", customers.userPoolId());

        assertThat(result.exitCode())
                .as("three clients, no terminal: %s", result.describe())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--client-id").contains(backend.clientId());
    }

    @Test
    void configureWhenThePoolIsUnknownAtTheEmulatorThenOneLineAndNoProfile() {
        Result result = cli.run(
                "configure",
                "--endpoint-url",
                emu.idpUrl(),
                "--user-pool-id",
                "us-east-1_NoSuchOne",
                "--client-id",
                backend.clientId());

        assertThat(result.exitCode())
                .as("Cognito's ResourceNotFoundException, as configure answers it: %s", result.describe())
                .isEqualTo(1);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).contains("user pool us-east-1_NoSuchOne was not found");
        assertThat(cli.configDir().resolve("config.yml")).doesNotExist();
    }
}
