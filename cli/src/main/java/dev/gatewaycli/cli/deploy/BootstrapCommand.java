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
 * {@code gateway-cli bootstrap}: {@code cdk bootstrap}, once per account and Region. {@link StackApp} resolves the
 * app, {@link CdkRunner} checks the credentials and runs the CDK.
 */
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
    CdkOptions cdk;

    private final HostSystem host;

    public BootstrapCommand(HostSystem host) {
        this.host = host;
    }

    @Override
    public Integer call() {
        CdkRunner runner = new CdkRunner(host, cdk, root);
        return runner.run("bootstrap", List.of(), true);
    }
}
