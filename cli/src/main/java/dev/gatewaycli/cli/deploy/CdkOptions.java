package dev.gatewaycli.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options every CDK verb takes ({@code synth}, {@code diff}, {@code deploy}, {@code destroy},
 * {@code bootstrap}): which app and stack ({@link StackOptions}), which AWS identity and Region
 * ({@link AwsOptions}), {@code --dry-run}, and the arguments after {@code --} that go to the CDK CLI unchanged.
 */
public final class CdkOptions {

    @Mixin
    StackOptions stack;

    @Mixin
    AwsOptions aws;

    @Option(names = "--dry-run", description = "Print every command and AWS call it would make, and make none.")
    boolean dryRun;

    @Parameters(
            paramLabel = "CDK_ARG",
            description = "Extra arguments for 'cdk ${COMMAND-NAME}', after --: e.g. -- --verbose.")
    List<String> extra = new ArrayList<>();

    public StackOptions stack() {
        return stack;
    }

    public AwsOptions aws() {
        return aws;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public List<String> extra() {
        return extra;
    }
}
