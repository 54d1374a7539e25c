package dev.gatewaycli.cli.verify;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.GatewayCliApplication;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.xml.sax.SAXParseException;

/** The table's colour rules, the JUnit file on failures, and bad input: one line on stderr, the contract's code. */
class VerifyOutputTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    /** Runs the CLI as main does, with a terminal probe that says stdout is a terminal. */
    private Result runAtTerminal(TestCli cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HostSystem host = new HostSystem(
                Map.copyOf(cli.env),
                cli.clock,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                (question) -> Optional.empty());
        SpringApplication application = GatewayCliApplication.application(host);
        application.addInitializers(
                (context) -> ((GenericApplicationContext) context).registerBean(TerminalProbe.class, () -> () -> true));
        int code = SpringApplication.exit(application.run(args));
        return new Result(code, out.toString(), err.toString(), java.util.List.of(args));
    }

    @Test
    void verifyWhenTerminalAndNoColorUnsetThenVerdictsColoured() {
        TestCli cli = FakeStack.healthy(aws).configure(new TestCli(home));

        Result result = runAtTerminal(cli, "verify", "--calls", "2");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .as("green PASS at a terminal\n" + result.describe())
                .contains("\u001B[32mPASS");
    }

    @Test
    void verifyWhenTerminalButNoColorSetThenPlainText() {
        TestCli cli = FakeStack.healthy(aws).configure(new TestCli(home));
        cli.env.put("NO_COLOR", "1");

        Result result = runAtTerminal(cli, "verify", "--calls", "2");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .as("NO_COLOR means no escape sequences")
                .doesNotContain("\u001B[")
                .contains("PASS");
    }

    @Test
    void verifyWhenNotATerminalThenPlainText() {
        Result result = FakeStack.healthy(aws).configure(new TestCli(home)).run("verify", "--calls", "2");

        assertThat(result.out()).as(result.describe()).doesNotContain("\u001B[").contains("PASS");
    }

    @Test
    void verifyWhenChecksFailThenJUnitHasFailuresAndStillValidates() throws Exception {
        TestCli cli = FakeStack.apiAcceptingAnyToken(aws).configure(new TestCli(home));
        Path junit = home.resolve("report.xml");

        Result result = cli.run("verify", "--calls", "2", "--junit", junit.toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        String xml = Files.readString(junit);
        assertThat(xml)
                .contains("failures=\"4\"")
                .contains("<failure message=\"expected 401 for no Authorization header")
                .contains("name=\"04 no-token-refused\"")
                .doesNotContain(FakeStack.SECRET);
        VerifyEmulatorTest.validateJUnit(junit);
    }

    @Test
    void schemaWhenReportMalformedThenValidationFails() throws Exception {
        Path bad = Files.writeString(
                home.resolve("bad.xml"), "<testsuite name=\"x\" tests=\"many\"><testcase name=\"a\"/></testsuite>");

        assertThatThrownBy(() -> VerifyEmulatorTest.validateJUnit(bad))
                .as("the schema refuses a non-numeric tests count, so it really checks")
                .isInstanceOf(SAXParseException.class);
    }

    @Test
    void verifyWhenCallsOutOfRangeThenUsageError() {
        Result result = FakeStack.healthy(aws).configure(new TestCli(home)).run("verify", "--calls", "0");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("gateway-cli: --calls must be between 1 and 10000 (use 'load' for more)\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void verifyWhenJsonPathMalformedThenUsageError() {
        Result result =
                FakeStack.healthy(aws).configure(new TestCli(home)).run("verify", "--expect-json-path", "$..content");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("gateway-cli: --expect-json-path '$..content': it is not PATH=VALUE");
    }

    @Test
    void verifyWhenJsonPathStepUnknownThenUsageError() {
        Result result =
                FakeStack.healthy(aws).configure(new TestCli(home)).run("verify", "--expect-json-path", "$.items[*]=1");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("only $.name, [N] and ['name'] steps are understood, at '[*]'");
    }

    @Test
    void verifyWhenJunitDirectoryMissingThenUsageErrorBeforeAnyRequest() {
        Result result = FakeStack.healthy(aws)
                .configure(new TestCli(home))
                .run("verify", "--junit", home.resolve("no/such/dir/report.xml").toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("does not exist");
        assertThat(aws.getAllServeEvents()).as("no request was made").isEmpty();
    }

    @Test
    void verifyWhenPathIsAUrlThenUsageError() {
        Result result = FakeStack.healthy(aws)
                .configure(new TestCli(home))
                .run("verify", "--path", "https://elsewhere.example/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("must be a path under the API URL");
    }

    @Test
    void verifyWhenPoolIdMalformedInEnvironmentThenConfigurationError() {
        TestCli cli = FakeStack.healthy(aws).configure(new TestCli(home));
        cli.env.put("GATEWAY_USER_POOL_ID", "not-a-pool");

        Result result = cli.run("verify");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err())
                .isEqualTo("gateway-cli: GATEWAY_USER_POOL_ID='not-a-pool' is not a user pool id "
                        + "(REGION_ID, e.g. us-east-1_AbCdEf123)\n");
    }

    @Test
    void verifyWhenJwksUrlOptionMalformedThenUsageError() {
        Result result = FakeStack.healthy(aws).configure(new TestCli(home)).run("verify", "--jwks-url", "ftp://x/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--jwks-url 'ftp://x/' is not an http(s) URL");
    }

    @Test
    void verifyWhenJwksUrlFromProfileThenUsed() throws Exception {
        FakeStack stack = FakeStack.healthy(aws);
        TestCli cli = stack.configure(new TestCli(home));
        cli.env.remove("GATEWAY_JWKS_URL");
        Files.createDirectories(cli.configDir());
        Files.writeString(
                cli.configDir().resolve("config.yml"),
                "profiles:\n  default:\n    jwks-url: " + aws.baseUrl() + "/" + FakeStack.POOL_ID
                        + "/.well-known/jwks.json\n");

        VerifyReport report = VerifyReport.of(cli.run("-o", "json", "verify", "--calls", "1"));

        report.assertVerdict("token-valid", "pass");
        assertThat(report.root.get("target").get("jwksUrl").asString()).startsWith(aws.baseUrl());
    }

    @Test
    void verifyWhenNoApiUrlThenConfigurationError() {
        TestCli cli = FakeStack.healthy(aws).configure(new TestCli(home));
        cli.env.remove("GATEWAY_API_URL");

        Result result = cli.run("verify");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).startsWith("gateway-cli: no API URL: pass --api-url URL");
        assertThat(result.out()).isEmpty();
    }
}
