package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.XdgDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli destroy}: deletes the stack, then the profile {@code deploy} wrote and the tokens cached for
 * it. It asks first, since the user pool goes with the stack and every client id and secret with it; without a
 * terminal to ask on, it refuses unless {@code --force} (exit 2: a scripted destroy must say so).
 */
@Component
@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        header = "Delete the stack, the profile deploy wrote for it, and its cached tokens.",
        description = {
            "",
            "Asks for the stack name first (typed input is hidden) unless --force; refuses without a terminal. "
                    + "Then checks the credentials, runs 'cdk destroy STACK --force', removes the profile "
                    + "(--profile, default the stack name) and deletes the cached tokens of its client.",
            "",
            "Examples:",
            "  gateway-cli destroy",
            "  gateway-cli destroy --force --aws-profile dev --region eu-west-1",
            ""
        },
        sortOptions = false)
public class DestroyCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    StackOptions stack;

    @Mixin
    AwsOptions aws;

    @Option(
            names = {"-f", "--force"},
            description = "Do not ask (scripts, CI).")
    boolean force;

    @Option(names = "--dry-run", description = "Print every command and AWS call it would make, and make none.")
    boolean dryRun;

    @Parameters(paramLabel = "CDK_ARG", description = "Extra arguments for cdk destroy (after --).")
    List<String> extra = new ArrayList<>();

    private final HostSystem host;

    private final ProfileStore profiles;

    private final XdgDirs dirs;

    public DestroyCommand(HostSystem host, ProfileStore profiles, XdgDirs dirs) {
        this.host = host;
        this.profiles = profiles;
        this.dirs = dirs;
    }

    @Override
    public Integer call() throws IOException {
        StackApp app = StackApp.resolve(stack, host);
        String profile = (root.profile() != null) ? root.profile() : app.stackName();
        Lifecycle life = new Lifecycle(host, root.verbose(), root.output().json());
        DeployedProfiles deployed = new DeployedProfiles(profiles, dirs);
        // The CDK would ask again; we have asked (or been told --force), so it must not.
        List<String> args = Lifecycle.cdkArguments("destroy", List.of(app.stackName(), "--force"), app, aws, extra);
        if (dryRun) {
            life.printPlan(
                    "destroy",
                    List.of(
                            Plan.where(app, aws),
                            Lifecycle.awsCli(aws, "sts", "get-caller-identity"),
                            Plan.cdk(life, aws, args),
                            "# remove profile '" + profile + "' from " + deployed.file(),
                            "# delete the cached tokens of its token endpoint and client id"));
            return ExitCodes.OK;
        }
        if (!force) {
            confirm(app.stackName());
        }
        CdkCli cdk = life.cdk(aws);
        try (AwsSession session = new AwsSession(host, aws, life.trace()::line)) {
            life.checkCredentials(session);
        }
        life.runCdk(cdk, app, aws, args);
        Optional<Profile> written = deployed.read(profile);
        if (written.isEmpty()) {
            life.say("stack " + app.stackName() + " destroyed; there was no profile '" + profile + "' to remove");
            return ExitCodes.OK;
        }
        List<Path> tokens =
                deployed.forgetTokens(written.get().tokenUrl(), written.get().clientId());
        deployed.remove(profile);
        life.say("stack " + app.stackName() + " destroyed; profile '" + profile + "' removed from " + deployed.file()
                + " and "
                + tokens.stream().filter((p) -> p.toString().endsWith(".json")).count()
                + " cached token(s) deleted");
        return ExitCodes.OK;
    }

    private void confirm(String stackName) {
        Optional<char[]> answer = host.prompt()
                .apply("Destroy stack " + stackName + " with its user pool, app client and API (cannot be undone)? "
                        + "Type the stack name to confirm (input hidden): ");
        if (answer.isEmpty()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "refusing to destroy stack " + stackName
                            + " without confirmation: there is no terminal to ask on; pass --force to destroy it");
        }
        char[] typed = answer.get();
        String text = new String(typed).strip();
        Arrays.fill(typed, '\0');
        if (!text.equals(stackName)) {
            throw new ExitException(
                    ExitCodes.FAILED, "not confirmed (the answer was not '" + stackName + "'): nothing was destroyed");
        }
    }
}
