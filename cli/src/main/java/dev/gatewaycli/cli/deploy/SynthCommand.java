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

/** {@code gateway-cli synth}: {@code cdk synth} on the stack; needs no AWS credentials. */
@Component
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        header = "Synthesize the stack's CloudFormation template with the AWS CDK (no AWS account needed).",
        description = {
            "",
            "Runs 'cdk synth' (the pinned aws-cdk version) at the repository root; the template goes to "
                    + "stdout and to cdk.out/. The stack is environment-agnostic, so no credentials are needed.",
            "",
            "Examples:",
            "  gateway-cli synth",
            "  gateway-cli synth -c scopes=read,write -c stackName=OrdersStack",
            "  gateway-cli synth -- --quiet               # extra arguments for cdk after --",
            ""
        },
        sortOptions = false)
public class SynthCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    StackOptions stack;

    @Mixin
    AwsOptions aws;

    @Option(names = "--dry-run", description = "Print the command it would run, and run nothing.")
    boolean dryRun;

    @Parameters(paramLabel = "CDK_ARG", description = "Extra arguments for the CDK CLI (after --).")
    List<String> extra = new ArrayList<>();

    private final HostSystem host;

    public SynthCommand(HostSystem host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        StackApp app = StackApp.resolve(stack, host);
        Lifecycle life = new Lifecycle(host, root.verbose(), root.output().json());
        List<String> args = Lifecycle.cdkArguments("synth", List.of(), app, aws, extra);
        if (dryRun) {
            life.printPlan("synth", List.of(Plan.where(app, aws), Plan.cdk(life, aws, args)));
            return ExitCodes.OK;
        }
        life.runCdk(life.cdk(aws), app, aws, args);
        return ExitCodes.OK;
    }
}
