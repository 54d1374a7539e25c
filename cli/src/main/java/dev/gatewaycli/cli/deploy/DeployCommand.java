package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.Json;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.XdgDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gateway-cli deploy}: stands the stack up and leaves a ready profile behind, so that the next command is
 * {@code verify} and it passes. The app client's secret is in no stack output (outputs are readable by anyone who
 * may describe the stack), so it is fetched with {@code DescribeUserPoolClient} and goes only into the 0600 profile.
 */
@Component
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        header = "Deploy the stack, write a profile for it, and verify it.",
        description = {
            "",
            "Checks the AWS credentials (sts:GetCallerIdentity), builds the handler jar if it is missing or stale, "
                    + "runs 'cdk deploy STACK', reads the stack's outputs, fetches the app client's secret "
                    + "(cognito-idp:DescribeUserPoolClient) and writes the profile (--profile, default the stack "
                    + "name) with mode 0600. Then runs 'gateway-cli --profile NAME verify' unless --no-verify.",
            "",
            "Examples:",
            "  gateway-cli bootstrap && gateway-cli deploy    # a fresh account, three commands",
            "  gateway-cli deploy --aws-profile dev --region eu-west-1 --profile dev",
            "  gateway-cli deploy -c scopes=read,write --require-approval never",
            "  gateway-cli deploy --dry-run                   # every command and AWS call, none made",
            ""
        },
        sortOptions = false)
public class DeployCommand implements Callable<Integer> {

    /** How the CDK asks before widening IAM permissions or security groups (cdk deploy --require-approval). */
    public enum Approval {
        never,
        broadening,
        anyChange;

        String cdkValue() {
            return (this == anyChange) ? "any-change" : name();
        }
    }

    @Spec
    CommandSpec spec;

    @ParentCommand
    GatewayCli root;

    @Mixin
    StackOptions stack;

    @Mixin
    AwsOptions aws;

    @Option(
            names = "--require-approval",
            paramLabel = "LEVEL",
            description = "Passed to cdk deploy: never, broadening or anyChange (default: the CDK's, broadening, "
                    + "which asks on a terminal before IAM changes).")
    Approval requireApproval;

    @Option(names = "--no-verify", description = "Do not run verify against the new profile.")
    boolean noVerify;

    @Option(names = "--dry-run", description = "Print every command and AWS call it would make, and make none.")
    boolean dryRun;

    @Parameters(paramLabel = "CDK_ARG", description = "Extra arguments for cdk deploy (after --), e.g. -- --hotswap.")
    List<String> extra = new ArrayList<>();

    private final HostSystem host;

    private final ProfileStore profiles;

    private final XdgDirs dirs;

    public DeployCommand(HostSystem host, ProfileStore profiles, XdgDirs dirs) {
        this.host = host;
        this.profiles = profiles;
        this.dirs = dirs;
    }

    @Override
    public Integer call() throws IOException {
        StackApp app = StackApp.resolve(stack, host);
        String profile = (root.profile() != null) ? root.profile() : app.stackName();
        boolean verbose = root.verbose();
        boolean json = root.output().json();
        Lifecycle life = new Lifecycle(host, verbose, json);
        HandlerJar handler = new HandlerJar(app.root());
        DeployedProfiles deployed = new DeployedProfiles(profiles, dirs);
        if (dryRun) {
            Path outputsFile = Path.of(System.getProperty("java.io.tmpdir"), "gateway-cli-deploy-XXXX", "outputs.json");
            life.printPlan("deploy", plan(life, app, handler, outputsFile, deployed, profile));
            return ExitCodes.OK;
        }
        CdkCli cdk = life.cdk(aws);
        Path work = Files.createTempDirectory("gateway-cli-deploy");
        try (AwsSession session = new AwsSession(host, aws, life.trace()::line)) {
            life.checkCredentials(session);
            if (handler.stale()) {
                life.say("building the handler jar: " + Lifecycle.shell(HandlerJar.BUILD));
                handler.build(new ProcessRunner(host.err(), host.err()), life.childEnv(aws));
            }
            Path outputsFile = work.resolve("outputs.json");
            life.runCdk(cdk, app, aws, cdkArguments(app, outputsFile));
            StackOutputs outputs = StackOutputs.fromOutputsFile(outputsFile, app.stackName())
                    .orElseGet(() -> {
                        life.trace()
                                .line(
                                        "* the CDK's outputs file lacks the stack's outputs: reading them with DescribeStacks");
                        return StackOutputs.of(
                                session.stackOutputs(app.stackName(), session.region()), app.stackName());
                    });
            String secret = session.clientSecret(outputs.userPoolId(), outputs.clientId(), outputs.region());
            life.trace().redactor().register(secret);
            deployed.write(profile, outputs, secret, session.region());
            report(life, profile, outputs, deployed.file(), session.region());
        } finally {
            deleteQuietly(work);
        }
        if (noVerify) {
            return ExitCodes.OK;
        }
        int verified = VerifyStep.run(spec, profile, verbose, json);
        if (verified != ExitCodes.OK) {
            life.say("the stack is deployed and profile '" + profile + "' written, but verify failed (exit " + verified
                    + "): see above");
        }
        return verified;
    }

    private List<String> cdkArguments(StackApp app, Path outputsFile) {
        List<String> verbArgs = new ArrayList<>(List.of(app.stackName(), "--outputs-file", outputsFile.toString()));
        if (requireApproval != null) {
            verbArgs.addAll(List.of("--require-approval", requireApproval.cdkValue()));
        }
        return Lifecycle.cdkArguments("deploy", verbArgs, app, aws, extra);
    }

    private List<String> plan(
            Lifecycle life,
            StackApp app,
            HandlerJar handler,
            Path outputsFile,
            DeployedProfiles deployed,
            String profile) {
        List<String> steps = new ArrayList<>();
        steps.add(Plan.where(app, aws));
        steps.add(Lifecycle.awsCli(aws, "sts", "get-caller-identity"));
        steps.add(
                handler.stale()
                        ? Lifecycle.shell(HandlerJar.BUILD) + "    # " + handler.jar()
                                + " is missing or older than its sources"
                        : "# " + handler.jar() + " is up to date: no build");
        steps.add(Plan.cdk(life, aws, cdkArguments(app, outputsFile)));
        steps.add(Lifecycle.awsCli(aws, "cloudformation", "describe-stacks", "--stack-name", app.stackName())
                + "    # only if the outputs file lacks the outputs");
        steps.add(Lifecycle.awsCli(
                        aws,
                        "cognito-idp",
                        "describe-user-pool-client",
                        "--user-pool-id",
                        "<UserPoolId output>",
                        "--client-id",
                        "<UserPoolClientId output>")
                + "    # the client secret");
        steps.add("# write profile '" + profile + "' to " + deployed.file() + " (mode 0600)");
        steps.add(
                noVerify
                        ? "# no verify (--no-verify)"
                        : Lifecycle.shell(List.of("gateway-cli")) + " "
                                + Lifecycle.shell(VerifyStep.arguments(
                                        profile, root.verbose(), root.output().json())));
        return steps;
    }

    private void report(Lifecycle life, String profile, StackOutputs outputs, Path file, String region) {
        if (root.output().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("profile", profile);
            json.put("file", file.toString());
            json.put("apiUrl", outputs.apiUrl());
            json.put("tokenUrl", outputs.tokenUrl());
            json.put("clientId", outputs.clientId());
            json.put("userPoolId", outputs.userPoolId());
            json.put("scopes", outputs.scopes());
            json.put("region", (outputs.region() != null) ? outputs.region() : region);
            host.out().println(Json.compact(json));
            host.out().flush();
            return;
        }
        host.out()
                .println("Profile '" + profile + "' written to " + file + " (mode 0600; the client secret is in it):");
        host.out().println("  api-url:   " + outputs.apiUrl());
        host.out().println("  token-url: " + outputs.tokenUrl());
        host.out().println("  client-id: " + outputs.clientId());
        host.out().println("  scopes:    " + String.join(" ", outputs.scopes()));
        host.out().println("Next: gateway-cli --profile " + Lifecycle.quote(profile) + " call /");
        host.out().flush();
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach((p) -> p.toFile().delete());
        } catch (IOException ex) {
            // A temporary directory left behind holds only the CDK's outputs file (no secret).
        }
    }
}
