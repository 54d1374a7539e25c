package dev.gatewaycli.cli;

import dev.gatewaycli.cli.api.CallCommand;
import dev.gatewaycli.cli.configure.ConfigureCommand;
import dev.gatewaycli.cli.deploy.BootstrapCommand;
import dev.gatewaycli.cli.deploy.DeployCommand;
import dev.gatewaycli.cli.deploy.DestroyCommand;
import dev.gatewaycli.cli.deploy.DiffCommand;
import dev.gatewaycli.cli.deploy.SynthCommand;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.http.SafeStderr;
import dev.gatewaycli.cli.load.LoadCommand;
import dev.gatewaycli.cli.local.LocalCommand;
import dev.gatewaycli.cli.oauth.TokenCommand;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.HostSystem;
import dev.gatewaycli.cli.verify.VerifyCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command, {@code gateway-cli}, and the one place that builds a {@link CommandLine}: {@link #commandLine}
 * is used by {@code main} (through {@link CliRunner}) and by the tests alike, so their wiring cannot drift.
 */
@Component
@Command(
        name = "gateway-cli",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Tokens and calls for API Gateway REST APIs behind a Cognito authorizer.",
        description = {
            "",
            "Fetches OAuth2 client-credentials tokens from Cognito, or signs users in (cached across runs until "
                    + "shortly before they expire), and calls the API with them; emulates the whole stack locally, "
                    + "smoke-tests and load-tests it, deploys it with the AWS CDK, and configures a profile for a "
                    + "stack deployed otherwise.",
            "",
            "Examples:",
            "  gateway-cli verify --local                 # smoke suite, emulated stack",
            "  gateway-cli call --local /                 # no AWS account needed",
            "  gateway-cli deploy --aws-profile dev       # deploy, profile, verify",
            "  gateway-cli configure --stack OrdersStack  # a profile for a stack that exists",
            "  export GATEWAY_TOKEN_URL=https://$DOMAIN/oauth2/token  # Cognito domain",
            "  export GATEWAY_CLIENT_ID=... GATEWAY_CLIENT_SECRET=... GATEWAY_API_URL=...",
            "  gateway-cli token                          # the raw access token",
            "  curl -H \"Authorization: $(gateway-cli token)\" \"$GATEWAY_API_URL\"",
            "  gateway-cli call /                         # GET the API's root with the token",
            "  gateway-cli call -X POST -d @body.json /items",
            "  gateway-cli call --user alice --id-token / # as a user (the ID token)",
            "  gateway-cli --profile prod token --decode  # header and claims as JSON",
            ""
        },
        footerHeading = "%nExit codes:%n",
        usageHelpAutoWidth = true,
        sortOptions = false)
public class GatewayCli implements Runnable {

    /**
     * The subcommands, in the order the root's help lists them. They are added by {@link #commandLine} rather than
     * named in the root's {@code @Command}: picocli builds the model of every subcommand named there, by reflection
     * and with an instance of each, on every run, which was the largest slice of a cached {@code token}.
     */
    static final List<Class<?>> COMMANDS = List.of(
            TokenCommand.class,
            CallCommand.class,
            VerifyCommand.class,
            LoadCommand.class,
            LocalCommand.class,
            SynthCommand.class,
            DiffCommand.class,
            DeployCommand.class,
            DestroyCommand.class,
            BootstrapCommand.class,
            ConfigureCommand.class,
            CompletionCommand.class,
            ManPagesCommand.class);

    /**
     * The commands that use the whole tree: completion and man pages describe every command, and deploy runs
     * {@code verify} through the root's command line.
     */
    private static final Set<Class<?>> USE_THE_TREE =
            Set.of(CompletionCommand.class, ManPagesCommand.class, DeployCommand.class);

    /** Root options that take a value, which is never the command's name ({@code --profile local}). */
    public static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--profile", "-o", "--output");

    /** Root options that take none and are not help or version: the command named after them is still the command. */
    private static final Set<String> ROOT_FLAGS = Set.of("-v", "--verbose");

    /** After the exit codes, which {@link #commandLine} adds from {@link ExitCodes#MEANINGS}. */
    static final String CONFIGURATION_NOTE = "Configuration: option, then environment (GATEWAY_*), then profile "
            + "(--profile, GATEWAY_PROFILE, 'default') in $XDG_CONFIG_HOME/gateway-cli/config.yml. See docs/cli.md.";

    @Spec
    CommandSpec spec;

    @Mixin
    ProfileOptions profileOptions;

    @Mixin
    OutputOptions outputOptions;

    @Mixin
    VerboseOptions verboseOptions;

    private final Redactor redactor;

    public GatewayCli(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * Builds the whole command line, every command in it: {@code factory} for the commands, our error handling, the
     * host's streams.
     */
    public static CommandLine commandLine(IFactory factory, HostSystem host) {
        return commandLine(factory, host, COMMANDS);
    }

    /**
     * Builds the command line that runs {@code args} exactly as the whole one would: the root and only the command
     * {@code args} names, when nothing but root options ({@code --profile NAME}, {@code -o FORMAT}, {@code -v})
     * comes before its name; the whole tree for anything else (help, version, the usage, an unknown word or option,
     * the commands that use the tree). Below its name, a command's arguments are parsed by that command alone: no
     * command has subcommands of its own and sibling commands are never looked up, so its help, errors and exit
     * codes are those of the whole tree ({@code PartialTreeTest} compares them).
     */
    public static CommandLine commandLineFor(IFactory factory, HostSystem host, String... args) {
        if (onlyTheRoot(args)) {
            return commandLine(factory, host, COMMANDS, GatewayCli::listing);
        }
        return commandLine(factory, host, commandsFor(args));
    }

    /**
     * What the root's help lists of {@code command}, from its {@code @Command} alone: name, aliases, header,
     * description (listed when there is no header) and whether it is hidden. Building the command's model instead
     * (an instance, its mixins, every option by reflection) was most of the root's {@code --help}; a run that only
     * prints the root's help, version or usage needs no more ({@code PartialTreeTest} compares them).
     */
    static CommandSpec listing(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.create().name(annotation.name()).aliases(annotation.aliases());
        spec.usageMessage()
                .header(annotation.header())
                .description(annotation.description())
                .hidden(annotation.hidden());
        return spec;
    }

    /**
     * Root options that end in the root's help or version whatever else of the root's comes with them: such a command
     * line executes no subcommand and shows no more of one than its name and header.
     */
    private static final Set<String> ROOT_HELP = Set.of("-h", "--help", "-V", "--version");

    /**
     * Whether {@code args} holds nothing but root options, so that the run prints the root's help, its version or
     * (with no arguments) the usage: those list each command by name and header and never look at its options. A
     * root option without its value is a usage error that the whole tree reports.
     */
    static boolean onlyTheRoot(String... args) {
        return firstWord(args, true) == args.length;
    }

    /** The commands {@link #commandLineFor} builds for {@code args}. */
    static List<Class<?>> commandsFor(String... args) {
        int first = firstWord(args, false);
        if (first < 0 || first == args.length) {
            return COMMANDS;
        }
        // The first word that is no root option: a command's name, or something that needs the whole tree.
        for (Class<?> command : COMMANDS) {
            if (!USE_THE_TREE.contains(command) && namedBy(command, args[first])) {
                return List.of(command);
            }
        }
        return COMMANDS;
    }

    /**
     * The index of the first argument that is neither a root option ({@code -v}, {@code --profile NAME},
     * {@code -o FORMAT}, and with {@code help} also help and version) nor such an option's value; {@code args.length}
     * when there is none, -1 when the last root option lacks its value.
     */
    private static int firstWord(String[] args, boolean help) {
        boolean value = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (value) {
                value = false;
            } else if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                value = true;
            } else if (!ROOT_FLAGS.contains(arg)
                    && !(help && ROOT_HELP.contains(arg))
                    && !arg.startsWith("--profile=")
                    && !arg.startsWith("--output=")) {
                return i;
            }
        }
        return value ? -1 : args.length;
    }

    private static boolean namedBy(Class<?> command, String word) {
        Command annotation = command.getAnnotation(Command.class);
        return annotation.name().equals(word)
                || Arrays.asList(annotation.aliases()).contains(word);
    }

    private static CommandLine commandLine(IFactory factory, HostSystem host, List<Class<?>> commands) {
        return commandLine(factory, host, commands, (command) -> command);
    }

    /** The root with {@code commands}, each added as {@code subcommand} makes it (its class, or a listing of it). */
    private static CommandLine commandLine(
            IFactory factory, HostSystem host, List<Class<?>> commands, Function<Class<?>, Object> subcommand) {
        CommandLine commandLine = new CommandLine(GatewayCli.class, factory);
        // Added before the settings below, which apply to the subcommands present when they are made.
        for (Class<?> command : commands) {
            commandLine.addSubcommand(subcommand.apply(command));
        }
        List<String> footer = new ArrayList<>();
        ExitCodes.MEANINGS.forEach((meaning) -> footer.add(meaning.helpLine()));
        footer.add("");
        footer.add(CONFIGURATION_NOTE);
        commandLine.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        ErrorHandler errors = new ErrorHandler(host.err());
        commandLine.setOut(host.out());
        commandLine.setErr(host.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // "@FILE" means a request body file (-d @FILE, as in curl), not a picocli argument file.
        commandLine.setExpandAtFiles(false);
        // "--profile local" names the profile that `gateway-cli local` writes, not the `local` subcommand.
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setExitCodeExceptionMapper(errors);
        return commandLine;
    }

    /** {@code gateway-cli} alone: the usage, as a usage error (exit 2), since no command was named. */
    @Override
    public void run() {
        // picocli's own usage text, coloured at a terminal: the one thing on stderr that keeps its escape codes.
        spec.commandLine().usage(SafeStderr.unfiltered(spec.commandLine().getErr()));
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'gateway-cli token'");
    }

    public String profile() {
        return profileOptions.profile();
    }

    public OutputOptions output() {
        return outputOptions;
    }

    public boolean verbose() {
        return verboseOptions.verbose();
    }

    /**
     * The {@code -v} trace on {@code err}: HTTP exchanges and diagnostics, masked, or nothing without {@code -v};
     * warnings always. Its redactor is the run's one, so what it learns masks every line on stderr.
     */
    public HttpTrace trace(PrintWriter err) {
        return new HttpTrace(err, redactor, verbose());
    }

    /** The run's redactor: every secret and token registered with it is masked on stderr. */
    public Redactor redactor() {
        return redactor;
    }
}
