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
 * {@code gateway-cli diff}: {@code cdk diff} of the stack against what is deployed. {@link StackApp} resolves the
 * app, {@link CdkRunner} checks the credentials and runs the CDK.
 */
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
    CdkOptions cdk;

    private final HostSystem host;

    public DiffCommand(HostSystem host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        CdkRunner runner = new CdkRunner(host, cdk, root);
        return runner.run("diff", List.of(runner.app().stackName()), true);
    }
}
