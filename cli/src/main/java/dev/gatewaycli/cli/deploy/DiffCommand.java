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

/** {@code gateway-cli diff}: {@code cdk diff} of the stack against what is deployed. */
@Component
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        header = "Show what a deploy would change in the deployed stack (cdk diff).",
        description = {
            "",
            "Checks the AWS credentials (sts:GetCallerIdentity), then runs 'cdk diff STACK' at the "
                    + "repository root.",
            "",
            "Examples:",
            "  gateway-cli diff --aws-profile dev --region eu-west-1",
            "  gateway-cli diff -c accessTokenValidityMinutes=60",
            ""
        },
        sortOptions = false)
public class DiffCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    StackOptions stack;

    @Mixin
    AwsOptions aws;

    @Option(names = "--dry-run", description = "Print the calls and command it would run, and run nothing.")
    boolean dryRun;

    @Parameters(paramLabel = "CDK_ARG", description = "Extra arguments for the CDK CLI (after --).")
    List<String> extra = new ArrayList<>();

    private final HostSystem host;

    public DiffCommand(HostSystem host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        StackApp app = StackApp.resolve(stack, host);
        Lifecycle life = new Lifecycle(host, root.verbose(), root.output().json());
        List<String> args = Lifecycle.cdkArguments("diff", List.of(app.stackName()), app, aws, extra);
        if (dryRun) {
            life.printPlan(
                    "diff",
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
