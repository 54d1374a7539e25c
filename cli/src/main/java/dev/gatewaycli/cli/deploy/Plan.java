package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.ExitException;
import java.util.List;

/** Lines of a {@code --dry-run} plan that several commands print the same way. */
final class Plan {

    private Plan() {}

    /**
     * The CDK command line as it would run. Finding the CDK CLI asks {@code cdk --version} of a {@code cdk} on PATH,
     * which changes nothing; a missing prerequisite is shown, not raised, since a plan is also for machines without.
     */
    static String cdk(Lifecycle life, AwsOptions aws, List<String> arguments) {
        try {
            return Lifecycle.shell(life.cdk(aws).with(arguments));
        } catch (ExitException ex) {
            return Lifecycle.shell(new CdkCli(List.of("npx", "--yes", "aws-cdk@" + CdkCli.pinnedVersion()), "npx")
                            .with(arguments))
                    + "    # cannot run here: " + ex.getMessage();
        }
    }

    /** Where the commands run and the Region they get, as a comment line. */
    static String where(StackApp app, AwsOptions aws) {
        return "# in " + app.root()
                + ((aws.region() == null)
                        ? ""
                        : ", with AWS_REGION=" + aws.region() + " AWS_DEFAULT_REGION=" + aws.region());
    }
}
