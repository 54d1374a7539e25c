package dev.gatewaycli.cli.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.CloudFormationWire;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** deploy: outputs into a 0600 profile, the secret fetched and never shown, AWS failures as lines and exit codes. */
class DeployCommandTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @RegisterExtension
    static GatewayEmulatorExtension emulator =
            GatewayEmulatorExtension.newInstance().build();

    @TempDir
    Path home;

    DeployFixture world;

    @BeforeEach
    void setUp() throws IOException {
        world = new DeployFixture(home, aws);
    }

    Profile profile(String name) {
        return new ProfileStore(world.cli.configDir().resolve("config.yml"), (w) -> {})
                .read(name)
                .orElseThrow(() -> new AssertionError("no profile '" + name + "' was written"));
    }

    @Test
    void deployWhenOutputsFileThenWritesA0600ProfileFromOutputsAndTheFetchedSecret() throws IOException {
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run("deploy", "--no-verify");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Profile written = profile("GatewayCliStack");
        assertThat(written)
                .isEqualTo(new Profile(
                        "https://gatewayclistack-50e2416294e0.auth.eu-west-1.amazoncognito.com/oauth2/token",
                        "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/",
                        DeployFixture.CLIENT_ID,
                        DeployFixture.CLIENT_SECRET,
                        List.of("users/read-only"),
                        null,
                        "eu-west-1",
                        DeployFixture.USER_POOL_ID,
                        null,
                        null));
        assertThat(Files.getPosixFilePermissions(world.cli.configDir().resolve("config.yml")))
                .as("the profile holds a secret")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        aws.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.DescribeUserPoolClient"))
                .withHeader(
                        "Authorization",
                        matching(
                                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/cognito-idp/aws4_request, .*"))
                .withRequestBody(containing("\"UserPoolId\":\"" + DeployFixture.USER_POOL_ID + "\""))
                .withRequestBody(containing("\"ClientId\":\"" + DeployFixture.CLIENT_ID + "\"")));
        assertThat(result.out())
                .contains("Profile 'GatewayCliStack' written")
                .contains("client-id: " + DeployFixture.CLIENT_ID);
        assertThat(result.out() + result.err())
                .as("the secret is never printed")
                .doesNotContain(DeployFixture.CLIENT_SECRET);
    }

    @Test
    void deployWhenVerboseThenShowsTheAwsCallsButNeverTheSecretOrSignature() throws IOException {
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run("deploy", "--no-verify", "-v", "--profile", "prod");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.err())
                .as("-v shows the AWS calls")
                .contains("(AWSCognitoIdentityProviderService.DescribeUserPoolClient)")
                .contains("< 200");
        assertThat(result.out() + result.err())
                .doesNotContain(DeployFixture.CLIENT_SECRET)
                .doesNotContain(DeployFixture.SECRET_KEY)
                .doesNotContain("Signature=");
        assertThat(profile("prod").clientSecret())
                .as("--profile names the profile")
                .isEqualTo(DeployFixture.CLIENT_SECRET);
    }

    @Test
    void deployWhenOutputsFileLacksTheOutputsThenReadsThemWithDescribeStacks() throws IOException {
        world.stubDescribeStacks(DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run("deploy", "--no-verify", "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        aws.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeStacks"))
                .withRequestBody(containing("StackName=GatewayCliStack")));
        assertThat(profile("GatewayCliStack").apiUrl())
                .isEqualTo("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/");
    }

    @Test
    void deployWhenHandlerJarIsMissingThenBuildsItWithTheWrapperFirst() throws IOException {
        Files.delete(world.root.resolve("handler/target/handler.jar"));
        DeployFixture.script(
                world.root.resolve("mvnw"),
                "printf '%s\\n' \"$@\" > \"$FAKE_DIR/mvnw.args\"\n" + "echo jar > handler/target/handler.jar");
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run("deploy", "--no-verify");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(Files.readAllLines(world.fake.resolve("mvnw.args")))
                .containsExactly("-q", "-B", "-pl", "handler", "package", "-DskipTests");
        assertThat(world.cdkCalls()).hasSize(1);
    }

    @Test
    void deployWhenHandlerJarIsFreshThenDoesNotBuild() throws IOException {
        DeployFixture.script(world.root.resolve("mvnw"), "touch \"$FAKE_DIR/mvnw.ran\"");
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run("deploy", "--no-verify");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.fake.resolve("mvnw.ran")).doesNotExist();
    }

    @Test
    void deployWhenDryRunThenPrintsEveryCommandAndAwsCallAndMakesNone() throws IOException {
        Result result = world.cli.run("deploy", "--dry-run", "--aws-profile", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("aws sts get-caller-identity --profile dev --region eu-west-1")
                .contains("/cdk deploy GatewayCliStack --outputs-file ")
                .contains("aws cloudformation describe-stacks --stack-name GatewayCliStack")
                .contains("aws cognito-idp describe-user-pool-client")
                .contains("write profile 'GatewayCliStack'")
                .contains("gateway-cli --profile GatewayCliStack verify");
        assertThat(world.cdkCalls()).as("no CDK run").isEmpty();
        assertThat(aws.getAllServeEvents()).as("no AWS call").isEmpty();
        assertThat(world.cli.configDir().resolve("config.yml"))
                .as("no profile written")
                .doesNotExist();
    }

    @Test
    void deployWhenTheStackIsUpThenVerifyRunsAgainstTheWrittenProfileAndPasses(GatewayEmulator local)
            throws IOException {
        world.outputs(
                "GatewayCliStack",
                DeployFixture.stackOutputs(
                        local.tokenUrl(),
                        local.apiUrl(),
                        local.clientId(),
                        local.userPoolId(),
                        String.join(" ", local.scopes()),
                        local.region()));
        world.stubClientSecret(local.clientSecret());
        // A real pool's JWKS is at <iss>/.well-known/jwks.json, which verify derives from the token; the emulator's
        // tokens carry Cognito's https issuer, so point verify at where the emulator serves the keys.
        world.cli.env.put("GATEWAY_JWKS_URL", local.jwksUrl());

        Result result = world.cli.run("deploy");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .as(result.describe())
                .contains("token-issued")
                .contains("authorised-call")
                .contains("unknown-path")
                .doesNotContain(local.clientSecret());
    }

    @Test
    void deployWhenVerifyFailsThenDeploysExitCodeIsVerifysAndTheProfileStays() throws IOException {
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        // The outputs name real AWS hosts, which no test can reach: verify fails on the network (exit 5).
        Result result = world.cli.run("deploy");

        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(world.cli.configDir().resolve("config.yml"))
                .as("the profile deploy wrote")
                .exists();
    }

    @Test
    void deployWhenJsonOutputThenStdoutIsOneJsonLineAndTheCdkOutputGoesToStderr() throws IOException {
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run("deploy", "--no-verify", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out().strip().lines()).hasSize(1);
        assertThat(result.out())
                .startsWith("{\"profile\":\"GatewayCliStack\"")
                .contains("\"clientId\":\"" + DeployFixture.CLIENT_ID + "\"")
                .doesNotContain(DeployFixture.CLIENT_SECRET);
        assertThat(result.err()).contains("fake cdk deploy: done");
    }

    @Test
    void deployWhenOutputsPointAtAnEmulatorThenTheWrittenProfileGetsATokenAndCallsTheApi(GatewayEmulator local)
            throws IOException {
        world.outputs(
                "GatewayCliStack",
                DeployFixture.stackOutputs(
                        local.tokenUrl(),
                        local.apiUrl(),
                        local.clientId(),
                        local.userPoolId(),
                        String.join(" ", local.scopes()),
                        local.region()));
        world.stubClientSecret(local.clientSecret());
        Result deployed = world.cli.run("deploy", "--no-verify");
        assertThat(deployed.exitCode()).as(deployed.describe()).isZero();

        Result token = world.cli.run("--profile", "GatewayCliStack", "token", "--no-cache");
        Result call = world.cli.run("--profile", "GatewayCliStack", "call", "/");

        assertThat(token.exitCode()).as(token.describe()).isZero();
        assertThat(token.out().strip())
                .as("a JWT from the emulated token endpoint")
                .matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(call.exitCode()).as(call.describe()).isZero();
    }

    @ParameterizedTest(name = "{0} {1} from {2} -> exit {4}")
    @CsvSource(delimiter = '|', textBlock = """
			sts     | ExpiredToken              | 403 | the AWS credentials have expired           | 6
			sts     | InvalidClientTokenId      | 403 | AWS rejected the credentials               | 6
			sts     | AccessDenied              | 403 | access denied to sts:GetCallerIdentity     | 1
			sts     | Throttling                | 400 | AWS throttled sts:GetCallerIdentity        | 5
			cfn     | ValidationError           | 400 | stack GatewayCliStack in eu-west-1 does not exist | 1
			cfn     | AccessDenied              | 403 | access denied to cloudformation:DescribeStacks | 1
			cognito | ExpiredTokenException     | 400 | the AWS credentials have expired           | 6
			cognito | AccessDeniedException     | 400 | access denied to cognito-idp:DescribeUserPoolClient | 1
			cognito | ResourceNotFoundException | 400 | was not found (cognito-idp:DescribeUserPoolClient) | 1
			cognito | TooManyRequestsException  | 400 | AWS throttled cognito-idp:DescribeUserPoolClient | 5
			""")
    void deployWhenAwsRefusesThenOneClearLineAndItsExitCode(
            String service, String code, int status, String line, int exit) throws IOException {
        String body;
        if (service.equals("cognito")) {
            world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
            aws.stubFor(post(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", containing("DescribeUserPoolClient"))
                    .willReturn(aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody(DeployFixture.jsonError(code, "refused by the test"))));
        } else {
            String action = service.equals("sts") ? "GetCallerIdentity" : "DescribeStacks";
            String message = code.equals("ValidationError")
                    ? "Stack with id GatewayCliStack does not exist"
                    : "refused by the test";
            body = CloudFormationWire.queryError(code, message);
            aws.stubFor(post(urlEqualTo("/"))
                    .withRequestBody(containing("Action=" + action))
                    .willReturn(aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", "text/xml")
                            .withBody(body)));
        }

        Result result = world.cli.run("deploy", "--no-verify", "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exit);
        assertThat(result.err().strip().lines())
                .as("one line on stderr after the CDK's own output")
                .filteredOn(
                        (l) -> l.startsWith("gateway-cli: ") && !l.contains("running ") && !l.contains("AWS account"))
                .hasSize(1);
        assertThat(result.err()).contains(line);
        assertThat(world.cli.configDir().resolve("config.yml"))
                .as("no profile on failure")
                .doesNotExist();
    }

    @Test
    void deployWhenAwsIsUnreachableThenExit5() throws IOException {
        world.cli.env.put(AwsOptions.ENV_ENDPOINT, "http://127.0.0.1:9");

        Result result = world.cli.run("deploy", "--no-verify");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(5);
        assertThat(result.err()).contains("cannot reach AWS for sts:GetCallerIdentity");
        assertThat(world.cdkCalls()).isEmpty();
    }

    @Test
    void deployWhenStackHasNoOutputsThenExit1NamingTheMissingOutput() throws IOException {
        world.stubDescribeStacks(Map.of("ApiUrl", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/"));

        Result result = world.cli.run("deploy", "--no-verify");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.err()).contains("has no output");
    }
}
