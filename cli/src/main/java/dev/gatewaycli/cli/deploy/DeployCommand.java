package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.config.PrivateFiles;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gateway-cli deploy}: stands the stack up and leaves a ready profile behind, so that the next command is
 * {@code verify} and it passes. {@link StackApp} resolves the app, {@link CdkRunner} runs the CDK, {@link AwsSession}
 * reads the outputs and the secret, {@link DeployedProfiles} writes the profile. The app client's secret is in no
 * stack output (outputs are readable by anyone who may describe the stack), so it is fetched with
 * {@code DescribeUserPoolClient} and goes only into the 0600 profile.
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
    CdkOptions cdk;

    @Option(
            names = "--require-approval",
            paramLabel = "LEVEL",
            description = "Passed to cdk deploy: never, broadening or anyChange (default: the CDK's, broadening, "
                    + "which asks on a terminal before IAM changes).")
    Approval requireApproval;

    @Option(names = "--no-verify", description = "Do not run verify against the new profile.")
    boolean noVerify;

    private final HostSystem host;

    private final DeployedProfiles deployed;

    private final XdgDirs dirs;

    public DeployCommand(HostSystem host, DeployedProfiles deployed, XdgDirs dirs) {
        this.host = host;
        this.deployed = deployed;
        this.dirs = dirs;
    }

    @Override
    public Integer call() throws IOException {
        CdkRunner runner = new CdkRunner(host, cdk, root);
        StackApp app = runner.app();
        String profile = deployed.profileName(root.profile(), app);
        HandlerJar handler = new HandlerJar(app.root());
        // The CDK's outputs file, in a private directory of the cache: it holds no secret, but nothing of ours goes
        // to a directory other users share.
        Path workParent = dirs.cacheDir();
        if (runner.dryRun()) {
            Path outputsFile = workParent.resolve("deploy-XXXX").resolve("outputs.json");
            runner.printPlan("deploy", plan(runner, handler, outputsFile, profile));
            return ExitCodes.OK;
        }
        CdkCli cdkCli = runner.cdk();
        Path work = Files.createTempDirectory(PrivateFiles.directory(workParent), "deploy-");
        try (AwsSession session = runner.session()) {
            runner.checkCredentials(session);
            if (handler.stale()) {
                runner.say("building the handler jar: " + CdkRunner.shell(HandlerJar.BUILD));
                handler.build(new ProcessRunner(host.err(), host.err()), runner.childEnv());
            }
            Path outputsFile = work.resolve("outputs.json");
            runner.runCdk(cdkCli, cdkArguments(runner, outputsFile));
            StackOutputs outputs = StackOutputs.fromOutputsFile(outputsFile, app.stackName())
                    .orElseGet(() -> {
                        runner.trace()
                                .line("* the CDK's outputs file lacks the stack's outputs: reading them with "
                                        + "DescribeStacks");
                        return StackOutputs.of(
                                session.stackOutputs(app.stackName(), session.region()), app.stackName());
                    });
            String secret = session.clientSecret(outputs.userPoolId(), outputs.clientId(), outputs.region());
            runner.trace().redactor().register(secret);
            deployed.write(profile, outputs, secret, session.region());
            report(profile, outputs, session.region());
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
        if (noVerify) {
            return ExitCodes.OK;
        }
        int verified =
                VerifyStep.run(spec, profile, root.verbose(), root.output().json());
        if (verified != ExitCodes.OK) {
            runner.say("the stack is deployed and profile '" + profile + "' written, but verify failed (exit "
                    + verified + "): see above");
        }
        return verified;
    }

    private List<String> cdkArguments(CdkRunner runner, Path outputsFile) {
        List<String> verbArgs =
                new ArrayList<>(List.of(runner.app().stackName(), "--outputs-file", outputsFile.toString()));
        if (requireApproval != null) {
            verbArgs.addAll(List.of("--require-approval", requireApproval.cdkValue()));
        }
        return runner.arguments("deploy", verbArgs);
    }

    private List<String> plan(CdkRunner runner, HandlerJar handler, Path outputsFile, String profile) {
        String stackName = runner.app().stackName();
        List<String> steps = new ArrayList<>();
        steps.add(runner.where());
        steps.add(runner.awsCli("sts", "get-caller-identity"));
        steps.add(
                handler.stale()
                        ? CdkRunner.shell(HandlerJar.BUILD) + "    # " + handler.jar()
                                + " is missing or older than its sources"
                        : "# " + handler.jar() + " is up to date: no build");
        steps.add(runner.plannedCdk(cdkArguments(runner, outputsFile)));
        steps.add(runner.awsCli("cloudformation", "describe-stacks", "--stack-name", stackName)
                + "    # only if the outputs file lacks the outputs");
        steps.add(runner.awsCli(
                        "cognito-idp",
                        "describe-user-pool-client",
                        "--user-pool-id",
                        "<" + StackOutputs.USER_POOL_ID + " output>",
                        "--client-id",
                        "<" + StackOutputs.CLIENT_ID + " output>")
                + "    # the client secret");
        steps.add("# write profile '" + profile + "' to " + deployed.file() + " (mode 0600)");
        steps.add(
                noVerify
                        ? "# no verify (--no-verify)"
                        : CdkRunner.shell(List.of("gateway-cli")) + " "
                                + CdkRunner.shell(VerifyStep.arguments(
                                        profile, root.verbose(), root.output().json())));
        return steps;
    }

    private void report(String profile, StackOutputs outputs, String region) {
        if (root.output().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("profile", profile);
            json.put("file", deployed.file().toString());
            json.put("apiUrl", outputs.apiUrl());
            json.put("tokenUrl", outputs.tokenUrl());
            json.put("clientId", outputs.clientId());
            json.put("userPoolId", outputs.userPoolId());
            json.put("scopes", outputs.scopes());
            json.put("region", (outputs.region() != null) ? outputs.region() : region);
            host.out().println(JsonText.compact(json));
            host.out().flush();
            return;
        }
        host.out()
                .println("Profile '" + profile + "' written to " + deployed.file()
                        + " (mode 0600; the client secret is in it):");
        host.out().println("  api-url:   " + outputs.apiUrl());
        host.out().println("  token-url: " + outputs.tokenUrl());
        host.out().println("  client-id: " + outputs.clientId());
        host.out().println("  scopes:    " + String.join(" ", outputs.scopes()));
        host.out().println("Next: gateway-cli --profile " + CdkRunner.quote(profile) + " call /");
        host.out().flush();
    }
}
