package dev.gatewaycli.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} against the emulated stack, which is how a healthy deployment of our stack behaves: every check
 * passes, except check 8, skipped because the seed's client is allowed one scope only. Also the three outputs:
 * the table, {@code -o json} and the JUnit XML (validated against the Jenkins/Ant schema).
 */
class VerifyEmulatorTest {

    @RegisterExtension
    static GatewayEmulatorExtension emulator =
            GatewayEmulatorExtension.newInstance().build();

    @TempDir
    Path home;

    @Test
    void verifyWhenHealthyEmulatedStackThenAllPassAndCheck8SkippedForTheSingleScope() throws Exception {
        TestCli cli = VerifyStacks.configure(new TestCli(home), emulator);
        Path junit = home.resolve("verify.xml");

        Result result = cli.run("verify", "--junit", junit.toString());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.err()).as(result.describe()).isEmpty();
        String[] lines = result.out().split("\n");
        assertThat(lines[0])
                .as("table header")
                .contains("CHECK")
                .contains("VERDICT")
                .contains("TIME")
                .contains("EVIDENCE");
        for (String name : SmokeSuite.NAMES) {
            String expected = name.equals("missing-scope-refused") ? "SKIP" : "PASS";
            assertThat(result.out())
                    .as("row of " + name + "\n" + result.describe())
                    .containsPattern("(?m)^\\s*\\d+  " + name + "\\s+" + expected + " ");
        }
        assertThat(result.out())
                .contains("the client is allowed only users/read-only")
                .contains("10 passed, 0 failed, 1 skipped");
        assertThat(result.out()).as("no colour when stdout is not a terminal").doesNotContain("\u001B[");
        assertThat(result.out() + result.err()).as("the secret never appears").doesNotContain(emulator.clientSecret());
        assertThat(cli.cacheFiles())
                .as("check 1's token is cached, as call would")
                .hasSize(1);

        String xml = Files.readString(junit);
        assertThat(xml).as("the secret is not in the JUnit file").doesNotContain(emulator.clientSecret());
        assertThat(xml)
                .contains("<testsuite name=\"gateway-cli verify\" tests=\"11\" failures=\"0\" errors=\"0\" "
                        + "skipped=\"1\"");
        validateJUnit(junit);
    }

    @Test
    void verifyWhenJsonOutputThenOneDocumentWithTargetCountsAndEvidence() {
        TestCli cli = VerifyStacks.configure(new TestCli(home), emulator);

        VerifyReport report = VerifyReport.of(cli.run("verify", "-o", "json", "--calls", "5"));

        assertThat(report.root.get("suite").asString()).isEqualTo("gateway-cli verify");
        assertThat(report.root.get("passed").asBoolean()).isTrue();
        assertThat(report.root.get("counts").get("pass").asInt()).isEqualTo(10);
        assertThat(report.root.get("counts").get("skip").asInt()).isEqualTo(1);
        assertThat(report.root.get("target").get("apiUrl").asString()).isEqualTo(emulator.apiUrl());
        assertThat(report.root.get("target").has("clientSecret")).isFalse();
        assertThat(report.checks).hasSize(11);
        assertThat(report.checks.keySet()).containsExactlyElementsOf(SmokeSuite.NAMES);
        report.check("token-valid")
                .propertyNames()
                .forEach((field) -> assertThat(field)
                        .isIn("number", "name", "title", "verdict", "durationMs", "summary", "evidence"));
        assertThat(report.evidence("token-valid").get("iss").asString()).isEqualTo(emulator.issuer());
        assertThat(report.evidence("token-valid").get("client_id").asString()).isEqualTo(emulator.clientId());
        assertThat(report.evidence("token-valid").get("jwksSource").asString()).isEqualTo("settings");
        assertThat(report.evidence("token-issued").get("accessToken").asString())
                .isEqualTo("****");
        assertThat(report.evidence("authorised-call").get("body").asString()).isEqualTo(BodyExpectation.SEED_BODY);
        assertThat(report.evidence("unknown-path").get("errorType").asString())
                .isEqualTo("MissingAuthenticationTokenException");
        assertThat(report.evidence("latency").get("calls").asInt()).isEqualTo(5);
        assertThat(report.evidence("latency").get("p95Ms").asDouble())
                .isGreaterThanOrEqualTo(report.evidence("latency").get("p50Ms").asDouble());
        assertThat(report.result.out()).doesNotContain(emulator.clientSecret());
    }

    @Test
    void verifyWhenNoPoolIdThenIssuerComparedWithTheJwksPool() {
        TestCli cli = VerifyStacks.configure(new TestCli(home), emulator);
        cli.env.remove("GATEWAY_USER_POOL_ID");

        VerifyReport report = VerifyReport.of(cli.run("verify", "-o", "json", "--calls", "2"));

        report.assertVerdict("token-valid", "pass");
        assertThat(report.evidence("token-valid").get("issCompared").asString())
                .contains("compared with the JWKS URL (no pool id configured)");
    }

    @Test
    void verifyWhenPoolIdIsAnotherPoolsThenCheck2FailsOnIss() {
        TestCli cli = VerifyStacks.configure(new TestCli(home), emulator);
        cli.env.put("GATEWAY_USER_POOL_ID", "us-east-1_Other1234");

        VerifyReport report = VerifyReport.of(cli.run("verify", "-o", "json", "--calls", "2"));

        report.assertVerdict("token-valid", "fail")
                .assertSummary(
                        "token-valid",
                        "expected https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1234 (pool us-east-1_Other1234)");
        assertThat(report.result.exitCode()).isEqualTo(1);
    }

    static void validateJUnit(Path xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Path xsd = Path.of(
                VerifyEmulatorTest.class.getResource("/verify/junit.xsd").toURI());
        Validator validator = factory.newSchema(xsd.toFile()).newValidator();
        // Throws SAXParseException naming the line and what the schema wanted, which is the failure message.
        validator.validate(new StreamSource(xml.toFile()));
    }
}
