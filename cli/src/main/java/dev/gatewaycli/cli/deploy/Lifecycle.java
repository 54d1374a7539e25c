package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.Redactor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * What the five life-cycle commands share, by composition rather than a base class: the CDK command line for a verb
 * (options, {@code --profile}, {@code -c}), the child environment (with {@code --region}), running it with its
 * output streamed, the credentials check, and {@code --dry-run}'s plan.
 */
final class Lifecycle {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final HostSystem host;

    private final HttpTrace trace;

    private final boolean json;

    Lifecycle(HostSystem host, boolean verbose, boolean json) {
        this.host = host;
        this.trace = new HttpTrace(host.err(), new Redactor(), verbose);
        this.json = json;
    }

    HttpTrace trace() {
        return trace;
    }

    /**
     * {@code <verb> <verb arguments> [--profile P] [-c k=v]... [extra]...}: the CDK CLI has no Region flag; the Region
     * travels in the environment ({@link #childEnv}).
     */
    static List<String> cdkArguments(
            String verb, List<String> verbArguments, StackApp app, AwsOptions aws, List<String> extra) {
        List<String> args = new ArrayList<>();
        args.add(verb);
        args.addAll(verbArguments);
        if (aws.awsProfile() != null) {
            args.add("--profile");
            args.add(aws.awsProfile());
        }
        args.addAll(app.contextArguments());
        args.addAll(extra);
        return args;
    }

    /**
     * The environment the CLI was given, plus {@code --region} as {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}
     * (the CDK CLI reads the Region from these or from the AWS profile; it has no {@code --region} option).
     */
    Map<String, String> childEnv(AwsOptions aws) {
        Map<String, String> env = new HashMap<>(host.env());
        if (aws.region() != null) {
            env.put("AWS_REGION", aws.region());
            env.put("AWS_DEFAULT_REGION", aws.region());
        }
        return env;
    }

    CdkCli cdk(AwsOptions aws) {
        CdkCli cdk = CdkCli.locate(childEnv(aws), trace::line);
        trace.line("* AWS CDK CLI " + CdkCli.pinnedVersion() + " via " + cdk.source() + ": " + shell(cdk.command()));
        return cdk;
    }

    /** Runs the CDK CLI in the app's root; a non-zero exit is exit 1 (the CDK has said why, above). */
    void runCdk(CdkCli cdk, StackApp app, AwsOptions aws, List<String> arguments) {
        List<String> command = cdk.with(arguments);
        say("running " + shell(command));
        // With -o json, stdout carries only our JSON: the CDK's own stdout (its outputs listing) goes to stderr.
        PrintWriter out = json ? host.err() : host.out();
        int code = new ProcessRunner(out, host.err()).run(command, app.root(), childEnv(aws));
        if (code != 0) {
            throw new ExitException(
                    ExitCodes.FAILED,
                    "cdk " + arguments.get(0) + " failed (exit " + code + "): see the CDK's output above");
        }
    }

    /** {@code sts:GetCallerIdentity}, reported on stderr: the account is named before anything changes in it. */
    GetCallerIdentityResponse checkCredentials(AwsSession aws) {
        GetCallerIdentityResponse identity = aws.callerIdentity();
        say("AWS account " + identity.account() + " as " + identity.arn() + ", Region "
                + ((aws.region() != null) ? aws.region() : AwsSession.FALLBACK_REGION + " (none configured)"));
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

    /** A command line as a POSIX shell would need it, for display. */
    static String shell(List<String> command) {
        return command.stream().map(Lifecycle::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The AWS CLI equivalent of an SDK call, for {@code --dry-run}. */
    static String awsCli(AwsOptions aws, String service, String operation, String... args) {
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
}
