package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Runs the AWS CDK CLI for one life-cycle command, the flow the five share: the app and stack
 * ({@link StackApp}), the CDK command line for a verb ({@code --profile}, {@code -c}, the arguments after
 * {@code --}), the child environment (with {@code --region}), the credentials check, the CDK run with its output
 * streamed, and {@code --dry-run}'s plan. {@code synth}, {@code diff} and {@code bootstrap} are {@link #run} alone;
 * {@code deploy} and {@code destroy} add their own steps around the same parts.
 */
final class CdkRunner {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final HostSystem host;

    private final CdkOptions options;

    private final AwsOptions aws;

    private final StackApp app;

    private final HttpTrace trace;

    private final boolean json;

    /** Resolves the app (exit 2 for bad {@code -c}, 3 when there is no app) with the root's {@code -v} and {@code -o}. */
    CdkRunner(HostSystem host, CdkOptions options, GatewayCli root) {
        this.host = host;
        this.options = options;
        this.aws = options.aws();
        this.app = StackApp.resolve(options.stack(), host);
        this.trace = root.trace(host.err());
        this.json = root.output().json();
    }

    StackApp app() {
        return app;
    }

    AwsOptions aws() {
        return aws;
    }

    HttpTrace trace() {
        return trace;
    }

    boolean dryRun() {
        return options.dryRun();
    }

    /**
     * One whole CDK verb: with {@code --dry-run} its plan; else the credentials check (when {@code credentials}), then
     * the CDK CLI. A CDK that fails is exit 1, with its own output above.
     */
    int run(String verb, List<String> verbArguments, boolean credentials) {
        List<String> arguments = arguments(verb, verbArguments);
        if (dryRun()) {
            List<String> steps = new ArrayList<>(List.of(where()));
            if (credentials) {
                steps.add(awsCli("sts", "get-caller-identity"));
            }
            steps.add(plannedCdk(arguments));
            printPlan(verb, steps);
            return ExitCodes.OK;
        }
        CdkCli cdk = cdk();
        if (credentials) {
            try (AwsSession session = session()) {
                checkCredentials(session);
            }
        }
        runCdk(cdk, arguments);
        return ExitCodes.OK;
    }

    /**
     * {@code <verb> <verb arguments> [--profile P] [-c k=v]... [extra]...}: the CDK CLI has no Region flag; the Region
     * travels in the environment ({@link #childEnv}).
     */
    List<String> arguments(String verb, List<String> verbArguments) {
        List<String> args = new ArrayList<>();
        args.add(verb);
        args.addAll(verbArguments);
        if (aws.awsProfile() != null) {
            args.add("--profile");
            args.add(aws.awsProfile());
        }
        args.addAll(app.contextArguments());
        args.addAll(options.extra());
        return args;
    }

    /**
     * The environment the CLI was given, plus {@code --region} as {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}
     * (the CDK CLI reads the Region from these or from the AWS profile; it has no {@code --region} option).
     */
    Map<String, String> childEnv() {
        Map<String, String> env = new HashMap<>(host.env());
        if (aws.region() != null) {
            env.put("AWS_REGION", aws.region());
            env.put("AWS_DEFAULT_REGION", aws.region());
        }
        return env;
    }

    /** The AWS SDK calls of this command, with its identity, Region and {@code -v} trace. */
    AwsSession session() {
        return new AwsSession(host, aws, trace::line);
    }

    CdkCli cdk() {
        CdkCli cdk = CdkCli.locate(childEnv(), trace::line);
        trace.line("* AWS CDK CLI " + CdkCli.pinnedVersion() + " via " + cdk.source() + ": " + shell(cdk.command()));
        return cdk;
    }

    /** Runs the CDK CLI in the app's root; a non-zero exit is exit 1 (the CDK has said why, above). */
    void runCdk(CdkCli cdk, List<String> arguments) {
        List<String> command = cdk.with(arguments);
        say("running " + shell(command));
        // With -o json, stdout carries only our JSON: the CDK's own stdout (its outputs listing) goes to stderr.
        PrintWriter out = json ? host.err() : host.out();
        int code = new ProcessRunner(out, host.err()).run(command, app.root(), childEnv());
        if (code != 0) {
            throw new ExitException(
                    ExitCodes.FAILED,
                    "cdk " + arguments.get(0) + " failed (exit " + code + "): see the CDK's output above");
        }
    }

    /** {@code sts:GetCallerIdentity}, reported on stderr: the account is named before anything changes in it. */
    GetCallerIdentityResponse checkCredentials(AwsSession session) {
        GetCallerIdentityResponse identity = session.callerIdentity();
        say("AWS account " + identity.account() + " as " + identity.arn() + ", Region "
                + ((session.region() != null) ? session.region() : AwsSession.FALLBACK_REGION + " (none configured)"));
        return identity;
    }

    /** One progress line on stderr (stdout is for results). */
    void say(String text) {
        host.err().println("gateway-cli: " + trace.redactor().redact(text));
        host.err().flush();
    }

    /** {@code --dry-run}: the plan on stdout, one step a line, nothing run. */
    void printPlan(String verb, List<String> steps) {
        host.out().println("# gateway-cli " + verb + " --dry-run: these steps would run; none has");
        steps.forEach(host.out()::println);
        host.out().flush();
    }

    /** Where the commands run and the Region they get, as the plan's first line. */
    String where() {
        return "# in " + app.root()
                + ((aws.region() == null)
                        ? ""
                        : ", with AWS_REGION=" + aws.region() + " AWS_DEFAULT_REGION=" + aws.region());
    }

    /**
     * The CDK command line as it would run. Finding the CDK CLI asks {@code cdk --version} of a {@code cdk} on PATH,
     * which changes nothing; a missing prerequisite is shown, not raised, since a plan is also for machines without.
     */
    String plannedCdk(List<String> arguments) {
        try {
            return shell(cdk().with(arguments));
        } catch (ExitException ex) {
            return shell(new CdkCli(List.of("npx", "--yes", "aws-cdk@" + CdkCli.pinnedVersion()), "npx")
                            .with(arguments))
                    + "    # cannot run here: " + ex.getMessage();
        }
    }

    /** The AWS CLI equivalent of an SDK call, for {@code --dry-run}. */
    String awsCli(String service, String operation, String... args) {
        List<String> command = new ArrayList<>(List.of("aws", service, operation));
        command.addAll(List.of(args));
        if (aws.awsProfile() != null) {
            command.add("--profile");
            command.add(aws.awsProfile());
        }
        if (aws.region() != null) {
            command.add("--region");
            command.add(aws.region());
        }
        return shell(command);
    }

    /** A command line as a POSIX shell would need it, for display. */
    static String shell(List<String> command) {
        return command.stream().map(CdkRunner::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
