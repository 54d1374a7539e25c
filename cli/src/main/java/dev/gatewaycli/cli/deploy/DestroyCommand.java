package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli destroy}: deletes the stack, then the profile {@code deploy} wrote and the tokens cached for
 * it. {@link StackApp} resolves the app, {@link CdkRunner} runs the CDK, {@link DeployedProfiles} forgets the profile
 * and its tokens. It asks first, since the user pool goes with the stack and every client id and secret with it;
 * without a terminal to ask on, it refuses unless {@code --force} (exit 2: a scripted destroy must say so).
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
    CdkOptions cdk;

    @Option(
            names = {"-f", "--force"},
            description = "Do not ask (scripts, CI).")
    boolean force;

    private final HostSystem host;

    private final DeployedProfiles deployed;

    public DestroyCommand(HostSystem host, DeployedProfiles deployed) {
        this.host = host;
        this.deployed = deployed;
    }

    @Override
    public Integer call() throws IOException {
        CdkRunner runner = new CdkRunner(host, cdk, root);
        StackApp app = runner.app();
        String profile = deployed.profileName(root.profile(), app);
        if (runner.dryRun()) {
            // The plan of the CDK verb, then the steps of our own.
            runner.run("destroy", verbArguments(app), true);
            host.out().println("# remove profile '" + profile + "' from " + deployed.file());
            host.out().println("# delete the cached tokens of its token endpoint and client id");
            host.out().flush();
            return ExitCodes.OK;
        }
        if (!force) {
            confirm(app.stackName());
        }
        runner.run("destroy", verbArguments(app), true);
        Optional<Profile> written = deployed.read(profile);
        if (written.isEmpty()) {
            runner.say("stack " + app.stackName() + " destroyed; there was no profile '" + profile + "' to remove");
            return ExitCodes.OK;
        }
        List<Path> tokens = deployed.forget(profile, written.get());
        runner.say("stack " + app.stackName() + " destroyed; profile '" + profile + "' removed from " + deployed.file()
                + " and " + tokens.size() + " cached token(s) deleted");
        return ExitCodes.OK;
    }

    /** The CDK would ask again; we have asked (or been told --force), so it must not. */
    private static List<String> verbArguments(StackApp app) {
        return List.of(app.stackName(), "--force");
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
