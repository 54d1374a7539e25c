package dev.gatewaycli.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway-cli load} against the emulated stack: real tokens, the Cognito authorizer, the real function. */
class LoadEmulatorTest {

    @RegisterExtension
    static GatewayEmulatorExtension emulator =
            GatewayEmulatorExtension.newInstance().build();

    @TempDir
    Path home;

    TestCli cli;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
        cli.env.put("GATEWAY_TOKEN_URL", emulator.tokenUrl());
        cli.env.put("GATEWAY_API_URL", emulator.apiUrl());
        cli.env.put("GATEWAY_CLIENT_ID", emulator.clientId());
        cli.env.put("GATEWAY_CLIENT_SECRET", emulator.clientSecret());
    }

    @Test
    void loadWhenHealthyStackThenEveryRequestAnswered200() throws Exception {
        Result result = cli.run("load", "-n", "300", "-c", "8", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Map<String, Object> json = LoadCommandTest.json(result);
        assertThat(LoadCommandTest.object(json, "statusCodes")).isEqualTo(Map.of("200", 300L));
        assertThat(LoadCommandTest.number(LoadCommandTest.object(json, "latencyMs"), "p50"))
                .isPositive();
    }

    @Test
    void loadWhenTokenReplacedByGarbageThenAuthorizerRefusesEveryRequest() throws Exception {
        Result result = cli.run("load", "-n", "20", "-c", "2", "-H", "Authorization: garbage", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(LoadCommandTest.object(LoadCommandTest.json(result), "statusCodes"))
                .as("the emulated Cognito authorizer answers 401 to a token it cannot read")
                .isEqualTo(Map.of("401", 20L));
    }
}
