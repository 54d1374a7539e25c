package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.HostSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gateway-cli bootstrap}: {@code cdk bootstrap}, once per account and Region. */
@Component
@Command(
        name = "bootstrap",
        mixinStandardHelpOptions = true,
        header = "Prepare an AWS account and Region for CDK deployments (cdk bootstrap; once per account and Region).",
        description = {
            "",
            "Creates the CDKToolkit stack (an S3 bucket for the function's jar and the cdk-* roles) "
                    + "that every CDK deployment needs. Checks the credentials first (sts:GetCallerIdentity).",
            "",
            "Examples:",
            "  gateway-cli bootstrap --aws-profile dev --region eu-west-1",
            "  gateway-cli bootstrap -- aws://123456789012/eu-west-1   # an explicit environment",
            ""
        },
        sortOptions = false)
public class BootstrapCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    StackOptions stack;

    @Mixin
    AwsOptions aws;

    @Option(names = "--dry-run", description = "Print the calls and command it would run, and run nothing.")
    boolean dryRun;

    @Parameters(
            paramLabel = "CDK_ARG",
            description = "Extra arguments for the CDK CLI (after --), e.g. an environment aws://ACCOUNT/REGION.")
    List<String> extra = new ArrayList<>();

    private final HostSystem host;

    public BootstrapCommand(HostSystem host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        StackApp app = StackApp.resolve(stack, host);
        Lifecycle life = new Lifecycle(host, root.verbose(), root.output().json());
        List<String> args = Lifecycle.cdkArguments("bootstrap", List.of(), app, aws, extra);
        if (dryRun) {
            life.printPlan(
                    "bootstrap",
                    List.of(
                            Plan.where(app, aws),
                            Lifecycle.awsCli(aws, "sts", "get-caller-identity"),
                            Plan.cdk(life, aws, args)));
            return ExitCodes.OK;
        }
        CdkCli cdk = life.cdk(aws);
        try (AwsSession session = new AwsSession(host, aws, life.trace()::line)) {
            life.checkCredentials(session);
        }
        life.runCdk(cdk, app, aws, args);
        return ExitCodes.OK;
    }
}
