package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.process.HostSystem;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli synth}: {@code cdk synth} on the stack; needs no AWS credentials. {@link StackApp} resolves the
 * app, {@link CdkRunner} runs the CDK.
 */
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
    CdkOptions cdk;

    private final HostSystem host;

    public SynthCommand(HostSystem host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        CdkRunner runner = new CdkRunner(host, cdk, root);
        return runner.run("synth", List.of(), false);
    }
}
