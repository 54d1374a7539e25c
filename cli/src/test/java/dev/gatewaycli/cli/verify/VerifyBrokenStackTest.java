package dev.gatewaycli.cli.verify;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check fails for the right reason on a broken stack, and passes on the same stack when it is healthy, so each
 * failure below is caused by the one thing broken. WireMock plays Cognito and API Gateway.
 */
class VerifyBrokenStackTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    private VerifyReport verify(FakeStack stack, String... extra) {
        TestCli cli = stack.configure(new TestCli(home));
        String[] args = new String[extra.length + 3];
        args[0] = "-o";
        args[1] = "json";
        args[2] = "verify";
        System.arraycopy(extra, 0, args, 3, extra.length);
        Result result = cli.run(args);
        assertThat(result.out() + result.err())
                .as("the secret never appears\n" + result.describe())
                .doesNotContain(FakeStack.SECRET);
        return VerifyReport.of(result);
    }

    @Test
    void verifyWhenStackHealthyThenEveryCheckPassesIncludingTheOtherScope() {
        FakeStack stack = FakeStack.healthy(aws);
        VerifyReport report = verify(stack);

        for (String name : SmokeSuite.NAMES) {
            report.assertVerdict(name, "pass");
        }
        assertThat(report.result.exitCode()).as(report.result.describe()).isZero();
        assertThat(report.result.err()).as("nothing on stderr when all pass").isEmpty();
        assertThat(report.evidence("token-valid").get("issCompared").asString()).contains(FakeStack.POOL_ID);
        assertThat(report.evidence("missing-scope-refused")
                        .get("requestedScopes")
                        .get(0)
                        .asString())
                .isEqualTo(FakeStack.WRITE);
        assertThat(report.evidence("latency").get("tokenRequests").asInt()).isZero();
        assertThat(report.evidence("latency").get("tokensUsed").asInt()).isEqualTo(1);
        assertThat(report.result.out())
                .as("no whole token in the report")
                .doesNotContain(stack.readToken)
                .doesNotContain(stack.allToken)
                .doesNotContain(stack.writeToken);
    }

    @Test
    void verifyWhenApiAcceptsAnyTokenThenTheRefusalChecksFail() {
        VerifyReport report = verify(FakeStack.apiAcceptingAnyToken(aws));

        report.assertVerdict("authorised-call", "pass");
        for (String name : new String[] {
            "no-token-refused", "garbage-token-refused", "altered-signature-refused", "missing-scope-refused"
        }) {
            report.assertVerdict(name, "fail")
                    .assertSummary(name, "expected 401")
                    .assertSummary(name, "got 200")
                    .assertSummary(name, "the API let the request through, so it is not protected");
            assertThat(report.evidence(name).get("status").asInt()).isEqualTo(200);
        }
        report.assertVerdict("unknown-path", "pass");
        assertThat(report.result.exitCode()).as(report.result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(report.result.err())
                .startsWith("gateway-cli: 4 of 11 checks failed: no-token-refused, "
                        + "garbage-token-refused, altered-signature-refused, missing-scope-refused");
    }

    @Test
    void verifyWhenApiAnswers500ThenEveryApiCheckFailsWithTheStatus() {
        VerifyReport report = verify(FakeStack.apiFailing(aws));

        report.assertVerdict("token-issued", "pass")
                .assertVerdict("token-valid", "pass")
                .assertVerdict("wrong-secret-refused", "pass");
        report.assertVerdict("authorised-call", "fail")
                .assertSummary("authorised-call", "answered 500 Internal server error, expected 2xx");
        for (String name : new String[] {
            "no-token-refused", "garbage-token-refused", "altered-signature-refused", "missing-scope-refused"
        }) {
            report.assertVerdict(name, "fail")
                    .assertSummary(name, "expected 401")
                    .assertSummary(name, "got 500");
        }
        report.assertVerdict("bearer-prefix", "fail").assertSummary("bearer-prefix", "the raw token answered 500");
        report.assertVerdict("unknown-path", "fail").assertSummary("unknown-path", "got 500");
        report.assertVerdict("latency", "fail").assertSummary("latency", "20 of 20 calls answered non-2xx");
        assertThat(report.result.exitCode()).as(report.result.describe()).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void verifyWhenBodyDiffersThenCheck3FailsShowingBothBodies() {
        VerifyReport report = verify(FakeStack.bodyDiffering(aws));

        report.assertVerdict("authorised-call", "fail")
                .assertSummary("authorised-call", "body differs: expected " + FakeStack.HELLO)
                .assertSummary("authorised-call", "got {\"content\":\"Hello from another function\"}");
        assertThat(report.evidence("authorised-call").get("status").asInt()).isEqualTo(200);
        report.assertVerdict("bearer-prefix", "pass");
        assertThat(report.result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(report.result.err()).contains("1 of 11 checks failed: authorised-call");
    }

    @Test
    void verifyWhenExpectationMatchesOtherBodyThenCheck3Passes() {
        VerifyReport report =
                verify(FakeStack.bodyDiffering(aws), "--expect-json-path", "$.content=Hello from another function");

        report.assertVerdict("authorised-call", "pass");
        assertThat(report.result.exitCode()).as(report.result.describe()).isZero();
    }

    @Test
    void verifyWhenJsonPathExpectationWrongThenCheck3SaysWhichValue() {
        VerifyReport report = verify(FakeStack.healthy(aws), "--expect-json-path", "/content=Goodbye");

        report.assertVerdict("authorised-call", "fail")
                .assertSummary("authorised-call", "/content is \"Hello from the Lambda function!\", expected Goodbye");
    }

    @Test
    void verifyWhenTokenLacksTheConfiguredScopeThenCheck2FailsNamingTheScope() {
        VerifyReport report = verify(FakeStack.tokenWithoutTheScope(aws));

        report.assertVerdict("token-issued", "pass");
        report.assertVerdict("token-valid", "fail")
                .assertSummary("token-valid", "scope (users/write) lacks the configured users/read-only");
        assertThat(report.evidence("token-valid").get("scope").asString()).isEqualTo(FakeStack.WRITE);
        report.assertVerdict("authorised-call", "fail").assertSummary("authorised-call", "answered 401 Unauthorized");
        assertThat(report.result.exitCode()).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void verifyWhenRealCredentialsRefusedThenExit4AndTokenChecksSkipped() {
        FakeStack stack = FakeStack.healthy(aws);
        TestCli cli = stack.configure(new TestCli(home));
        cli.env.put("GATEWAY_CLIENT_SECRET", "notthesecretatallnotthesecretatall");

        Result result = cli.run("-o", "json", "verify");

        VerifyReport report = VerifyReport.of(result);
        report.assertVerdict("token-issued", "fail").assertSummary("token-issued", "invalid_client");
        for (String name : new String[] {
            "token-valid",
            "authorised-call",
            "altered-signature-refused",
            "bearer-prefix",
            "missing-scope-refused",
            "latency"
        }) {
            report.assertVerdict(name, "skip").assertSummary(name, "no token");
        }
        report.assertVerdict("no-token-refused", "pass").assertVerdict("unknown-path", "pass");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err())
                .startsWith("gateway-cli: check 1 (token-issued) failed")
                .contains("invalid_client");
        assertThat(result.err().strip().lines()).as("one line on stderr").hasSize(1);
        assertThat(result.out() + result.err()).doesNotContain("notthesecretatallnotthesecretatall");
    }

    @Test
    void verifyWhenTokenEndpointUnreachableThenExit5AndTheTableStillPrints() {
        FakeStack stack = FakeStack.healthy(aws);
        TestCli cli = stack.configure(new TestCli(home));
        cli.env.put("GATEWAY_TOKEN_URL", "http://127.0.0.1:1/oauth2/token");

        Result result = cli.run("verify");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.out())
                .as("the table")
                .contains("token-issued")
                .contains("FAIL")
                .contains("SKIP")
                .contains("cannot connect to the token endpoint");
        assertThat(result.err()).startsWith("gateway-cli: ").contains("network errors");
    }

    @Test
    void verifyWhenNoPoolIsConfiguredThenCheck2IsSkippedAndNoKeysAreFetchedFromTheTokensIss() {
        FakeStack stack = FakeStack.healthy(aws);
        TestCli cli = stack.configure(new TestCli(home));
        cli.env.remove("GATEWAY_JWKS_URL");
        cli.env.remove("GATEWAY_USER_POOL_ID");

        VerifyReport report = VerifyReport.of(cli.run("-o", "json", "verify"));

        report.assertVerdict("token-valid", "skip")
                .assertSummary("token-valid", "--user-pool-id")
                .assertSummary("token-valid", "never taken from the token's own iss");
        report.assertVerdict("token-issued", "pass").assertVerdict("authorised-call", "pass");
        assertThat(report.result.exitCode()).as(report.result.describe()).isZero();
        assertThat(aws.getAllServeEvents())
                .as("no key set was asked for")
                .noneMatch((event) -> event.getRequest().getUrl().contains("jwks"));
    }
}
