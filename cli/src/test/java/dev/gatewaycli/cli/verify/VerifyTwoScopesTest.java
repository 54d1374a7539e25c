package dev.gatewaycli.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Our stack with a second scope on the client: check 8 runs, and the authorizer refuses the other scope. */
class VerifyTwoScopesTest {

    @TempDir
    static Path assembly;

    @RegisterExtension
    static GatewayEmulatorExtension emulator = GatewayEmulatorExtension.newInstance()
            .model(() -> VerifyStacks.twoScopes(assembly))
            .build();

    @TempDir
    Path home;

    @Test
    void verifyWhenClientHasAnotherScopeThenCheck8AsksForItAndGets401() {
        assertThat(emulator.scopes()).containsExactlyInAnyOrder("users/read-only", VerifyStacks.WRITE_SCOPE);
        TestCli cli = VerifyStacks.configure(new TestCli(home), emulator);
        cli.env.put("GATEWAY_SCOPE", "users/read-only");

        VerifyReport report = VerifyReport.of(cli.run("verify", "-o", "json", "--calls", "3"));

        for (String name : SmokeSuite.NAMES) {
            report.assertVerdict(name, "pass");
        }
        assertThat(report.result.exitCode()).as(report.result.describe()).isZero();
        assertThat(report.evidence("missing-scope-refused")
                        .get("requestedScopes")
                        .get(0)
                        .asString())
                .isEqualTo(VerifyStacks.WRITE_SCOPE);
        assertThat(report.evidence("missing-scope-refused").get("status").asInt())
                .isEqualTo(401);
        assertThat(report.result.out()).doesNotContain(emulator.clientSecret());
    }

    @Test
    void verifyWhenNoScopeConfiguredThenCheck8SkippedSayingWhichScopeIsUnknown() {
        TestCli cli = VerifyStacks.configure(new TestCli(home), emulator);

        VerifyReport report = VerifyReport.of(cli.run("verify", "-o", "json", "--calls", "2"));

        report.assertVerdict("missing-scope-refused", "skip")
                .assertSummary("missing-scope-refused", "which scope the method takes is unknown");
        VerifyReport explicit =
                VerifyReport.of(cli.run("verify", "-o", "json", "--calls", "2", "--method-scope", "users/read-only"));
        explicit.assertVerdict("missing-scope-refused", "pass");
    }
}
