package dev.gatewaycli.cli.deploy;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.TestCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The exact CDK command line of each verb, with and without AWS profile, Region and context; and the prerequisites. */
class CdkCommandLinesTest {

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    DeployFixture world;

    @BeforeEach
    void setUp() throws IOException {
        world = new DeployFixture(home, aws);
        // --aws-profile dev must resolve through the SDK's profile files in this HOME.
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[dev]\naws_access_key_id = " + DeployFixture.ACCESS_KEY + "\naws_secret_access_key = "
                        + DeployFixture.SECRET_KEY + "\n");
    }

    @Test
    void synthWhenNoOptionsThenRunsCdkSynthAtTheRootAndStreamsItsOutput() throws IOException {
        Result result = world.cli.run("synth");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls()).as("cdk command lines").containsExactly(List.of("synth"));
        assertThat(world.calls().get(0))
                .as("runs where cdk.json is, no Region set")
                .contains("pwd:" + world.root, "AWS_REGION=");
        assertThat(result.out()).as("the CDK's stdout is streamed to stdout").contains("fake cdk synth: done");
        assertThat(result.err()).as("the CDK's stderr is streamed to stderr").contains("fake cdk synth: progress");
        assertThat(aws.getAllServeEvents()).as("synth needs no AWS call").isEmpty();
    }

    @Test
    void synthWhenProfileRegionAndContextThenPassesEachThrough() throws IOException {
        Result result = world.cli.run(
                "synth",
                "--aws-profile",
                "dev",
                "--region",
                "eu-west-1",
                "-c",
                "scopes=read,write",
                "-c",
                "stackName=OrdersStack");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls())
                .containsExactly(
                        List.of("synth", "--profile", "dev", "-c", "scopes=read,write", "-c", "stackName=OrdersStack"));
        assertThat(world.calls().get(0))
                .as("the Region travels in the environment (cdk has no --region)")
                .contains("AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-1");
    }

    @Test
    void diffWhenDefaultsThenChecksCredentialsAndDiffsTheDefaultStack() throws IOException {
        Result result = world.cli.run("diff");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls()).containsExactly(List.of("diff", "GatewayCliStack"));
        assertThat(result.err()).as("names the account before anything runs").contains("AWS account 123456789012");
    }

    @Test
    void diffWhenProfileRegionAndContextThenDiffsTheNamedStackWithThem() throws IOException {
        Result result = world.cli.run(
                "diff", "--aws-profile", "dev", "--region", "eu-central-1", "-c", "stackName=OrdersStack");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls())
                .containsExactly(List.of("diff", "OrdersStack", "--profile", "dev", "-c", "stackName=OrdersStack"));
        assertThat(world.calls().get(0)).contains("AWS_REGION=eu-central-1");
    }

    @Test
    void bootstrapWhenEnvironmentAfterDoubleDashThenPassesItThrough() throws IOException {
        Result result = world.cli.run("bootstrap", "--aws-profile", "dev", "--", "aws://123456789012/eu-west-1");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls())
                .containsExactly(List.of("bootstrap", "--profile", "dev", "aws://123456789012/eu-west-1"));
    }

    @Test
    void bootstrapWhenNoOptionsThenBootstrapsTheDefaultEnvironment() throws IOException {
        Result result = world.cli.run("bootstrap");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls()).containsExactly(List.of("bootstrap"));
    }

    @Test
    void deployWhenProfileRegionContextAndApprovalThenExactCommandLine() throws IOException {
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run(
                "deploy",
                "--no-verify",
                "--aws-profile",
                "dev",
                "--region",
                "eu-west-1",
                "-c",
                "scopes=read-only",
                "--require-approval",
                "never");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<String> args = world.cdkCalls().get(0);
        assertThat(args).hasSize(10);
        assertThat(args.subList(0, 3)).containsExactly("deploy", "GatewayCliStack", "--outputs-file");
        assertThat(args.get(3)).as("a private temporary outputs file").endsWith("outputs.json");
        assertThat(args.subList(4, 10))
                .containsExactly("--require-approval", "never", "--profile", "dev", "-c", "scopes=read-only");
        assertThat(Files.exists(Path.of(args.get(3))))
                .as("the temporary outputs file is deleted")
                .isFalse();
    }

    @Test
    void deployWhenNoOptionsThenDeploysTheDefaultStackWithAnOutputsFileOnly() throws IOException {
        world.outputs("GatewayCliStack", DeployFixture.awsOutputs());
        world.stubClientSecret(DeployFixture.CLIENT_SECRET);

        Result result = world.cli.run("deploy", "--no-verify");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<String> args = world.cdkCalls().get(0);
        assertThat(args).hasSize(4);
        assertThat(args.subList(0, 3)).containsExactly("deploy", "GatewayCliStack", "--outputs-file");
    }

    @Test
    void destroyWhenForceThenCdkDestroyForceWithoutAsking() throws IOException {
        Result result = world.cli.run("destroy", "--force", "--aws-profile", "dev", "-c", "stackName=OrdersStack");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls())
                .containsExactly(List.of(
                        "destroy", "OrdersStack", "--force", "--profile", "dev", "-c", "stackName=OrdersStack"));
    }

    @Test
    void anyVerbWhenNodeIsNotOnPathThenExit6WithOneLineAndNoCdk() throws IOException {
        Files.delete(world.bin.resolve("node"));

        for (List<String> args : List.of(
                List.of("synth"),
                List.of("diff"),
                List.of("deploy", "--no-verify"),
                List.of("destroy", "--force"),
                List.of("bootstrap"))) {
            Result result = world.cli.run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.describe()).isEqualTo(6);
            assertThat(result.err().strip().lines())
                    .as(args + ": one line on stderr")
                    .hasSize(1);
            assertThat(result.err()).contains("Node.js is not on PATH").contains("install Node.js 18");
        }
        assertThat(world.cdkCalls()).as("nothing ran").isEmpty();
    }

    @Test
    void synthWhenCdkOnPathIsAnotherVersionAndNoNpxThenExit6NamingNpm() throws IOException {
        DeployFixture.script(world.bin.resolve("cdk"), DeployFixture.fakeCdk("2.0.0"));

        Result result = world.cli.run("synth");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(6);
        assertThat(result.err()).contains("npx (npm) is not on PATH").contains(CdkCli.pinnedVersion());
        assertThat(world.cdkCalls()).isEmpty();
    }

    @Test
    void synthWhenCdkOnPathIsAnotherVersionThenRunsThePinnedVersionThroughNpx() throws IOException {
        DeployFixture.script(world.bin.resolve("cdk"), DeployFixture.fakeCdk("2.0.0"));
        DeployFixture.script(world.bin.resolve("npx"), "printf '%s\\n' \"$@\" > \"$FAKE_DIR/npx.args\"");

        Result result = world.cli.run("synth", "-c", "stackName=OrdersStack");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(Files.readAllLines(world.fake.resolve("npx.args")))
                .containsExactly("--yes", "aws-cdk@" + CdkCli.pinnedVersion(), "synth", "-c", "stackName=OrdersStack");
    }

    @Test
    void synthWhenGatewayCdkIsSetThenUsesThatExecutable() throws IOException {
        Path other = world.fake.resolve("my-cdk");
        DeployFixture.script(other, "printf '%s\\n' \"$@\" > \"$FAKE_DIR/my-cdk.args\"");
        Files.delete(world.bin.resolve("cdk"));
        world.cli.env.put(CdkCli.ENV_CDK, other.toString());

        Result result = world.cli.run("synth");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(Files.readAllLines(world.fake.resolve("my-cdk.args"))).containsExactly("synth");
    }

    @Test
    void synthWhenContextIsNotKeyValueThenUsageError() throws IOException {
        Result result = world.cli.run("synth", "-c", "scopes");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err()).contains("-c 'scopes' is not KEY=VALUE");
        assertThat(world.cdkCalls()).isEmpty();
    }

    @Test
    void synthWhenAppDirHasNoCdkJsonThenConfigurationError() {
        Result result = world.cli.run("synth", "--app-dir", home.toString());

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
        assertThat(result.err()).contains("holds no cdk.json");
    }

    @Test
    void synthWhenCdkFailsThenExit1AfterItsOutput() throws IOException {
        world.cli.env.put("FAKE_CDK_EXIT", "3");

        Result result = world.cli.run("synth");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.out()).contains("fake cdk synth: done");
        assertThat(result.err()).contains("cdk synth failed (exit 3): see the CDK's output above");
    }

    @Test
    void diffWhenTheAwsProfileHasNoCredentialsThenExit6AndNoCdk() throws IOException {
        Result result = world.cli.run("diff", "--aws-profile", "nosuch");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(6);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err())
                .contains("AWS profile 'nosuch' gives no usable credentials")
                .contains("aws sso login");
        assertThat(world.cdkCalls()).isEmpty();
    }

    @Test
    void synthWhenDryRunThenPrintsTheCommandAndRunsNothing() throws IOException {
        Result result = world.cli.run("synth", "--dry-run", "--region", "eu-west-1", "-c", "scopes=a b");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("in " + world.root + ", with AWS_REGION=eu-west-1")
                .contains("/cdk synth -c 'scopes=a b'");
        assertThat(world.cdkCalls()).isEmpty();
    }
}
