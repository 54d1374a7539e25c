package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.api.CallCommand;
import dev.gatewaycli.cli.configure.ConfigureCommand;
import dev.gatewaycli.cli.deploy.DeployCommand;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.load.LoadCommand;
import dev.gatewaycli.cli.local.LocalCommand;
import dev.gatewaycli.cli.oauth.TokenCommand;
import dev.gatewaycli.cli.process.HostSystem;
import dev.gatewaycli.cli.verify.VerifyCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A run builds the root and only the command it names ({@link GatewayCli#commandLineFor}); what a user sees must be
 * what the whole tree shows: help, usage, errors for unknown commands, options and values, exit codes.
 */
class PartialTreeTest {

    @TempDir
    Path home;

    @Test
    void commandsForWhenOnlyRootOptionsComeBeforeACommandThenThatCommandAlone() {
        assertThat(GatewayCli.commandsFor("token")).containsExactly(TokenCommand.class);
        assertThat(GatewayCli.commandsFor("token", "--decode")).containsExactly(TokenCommand.class);
        assertThat(GatewayCli.commandsFor("--profile", "local", "call", "--local", "/"))
                .containsExactly(CallCommand.class);
        assertThat(GatewayCli.commandsFor("-o", "json", "-v", "verify", "token"))
                .containsExactly(VerifyCommand.class);
        assertThat(GatewayCli.commandsFor("--profile=token", "--output=json", "--verbose", "local"))
                .containsExactly(LocalCommand.class);
    }

    @Test
    void commandsForWhenNoCommandOrAnythingElseComesFirstThenTheWholeTree() {
        List<List<String>> wholeTree = List.of(
                List.of(),
                List.of("--help"),
                List.of("-h", "token"),
                List.of("--version"),
                List.of("-vh", "token"),
                List.of("--", "token"),
                List.of("tokn"),
                List.of("help", "token"),
                List.of("--bogus", "token"),
                List.of("--profile"),
                List.of("deploy"),
                List.of("completion"),
                List.of("man-pages", "out"));
        for (List<String> args : wholeTree) {
            assertThat(GatewayCli.commandsFor(args.toArray(String[]::new)))
                    .as("%s", args)
                    .isEqualTo(GatewayCli.COMMANDS);
        }
        assertThat(GatewayCli.COMMANDS).contains(DeployCommand.class);
    }

    @Test
    void onlyTheRootWhenNothingButRootOptionsThenTrue() {
        assertThat(GatewayCli.onlyTheRoot()).isTrue();
        assertThat(GatewayCli.onlyTheRoot("--help")).isTrue();
        assertThat(GatewayCli.onlyTheRoot("-v", "--profile", "token", "-o", "json", "-V"))
                .isTrue();
        assertThat(GatewayCli.onlyTheRoot("--profile=prod", "--output=json", "-h"))
                .isTrue();
    }

    @Test
    void onlyTheRootWhenAWordAnUnknownOptionOrAMissingValueThenFalse() {
        assertThat(GatewayCli.onlyTheRoot("--help", "token")).isFalse();
        assertThat(GatewayCli.onlyTheRoot("token", "--help")).isFalse();
        assertThat(GatewayCli.onlyTheRoot("-vh")).isFalse();
        assertThat(GatewayCli.onlyTheRoot("--bogus", "--help")).isFalse();
        assertThat(GatewayCli.onlyTheRoot("--help", "--profile")).isFalse();
        assertThat(GatewayCli.onlyTheRoot("--", "--help")).isFalse();
    }

    @Test
    void listingWhenRootHelpThenEveryVisibleCommandByNameAndHeader() {
        for (Class<?> command : GatewayCli.COMMANDS) {
            Command annotation = command.getAnnotation(Command.class);
            CommandLine.Model.CommandSpec listing = GatewayCli.listing(command);
            assertThat(listing.name()).isEqualTo(annotation.name());
            assertThat(listing.aliases()).containsExactly(annotation.aliases());
            assertThat(listing.usageMessage().header()).containsExactly(annotation.header());
            assertThat(listing.usageMessage().hidden()).isEqualTo(annotation.hidden());
        }
        Run help = run(true, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Commands:").contains("token").contains("configure");
    }

    /** The commands that take no more than a word or two (the CDK verbs pass theirs on to the CDK). */
    private static final Set<Class<?>> TAKE_NO_WORDS = Set.of(
            TokenCommand.class,
            CallCommand.class,
            VerifyCommand.class,
            LoadCommand.class,
            LocalCommand.class,
            ConfigureCommand.class);

    /** Command lines that end in help, the usage or a usage error, so that no command's own code runs. */
    static Stream<List<String>> commandLines() {
        List<List<String>> lines = new ArrayList<>();
        for (Class<?> command : GatewayCli.COMMANDS) {
            String name = command.getAnnotation(Command.class).name();
            lines.add(List.of(name, "--help"));
            lines.add(List.of(name, "-h"));
            lines.add(List.of("-v", name, "--help"));
            lines.add(List.of("--profile", "prod", "-o", "json", name, "--help"));
            lines.add(List.of(name, "--bogus"));
            lines.add(List.of(name, "--profil", "x"));
            lines.add(List.of(name, "-o", "yaml"));
            lines.add(List.of(name, "--profile"));
            if (TAKE_NO_WORDS.contains(command)) {
                lines.add(List.of(name, "token", "call", "verify", "a", "b", "c", "d"));
            }
            lines.add(List.of("--output", "yaml", name));
        }
        lines.add(List.of());
        lines.add(List.of("--help"));
        lines.add(List.of("-h"));
        lines.add(List.of("--version"));
        lines.add(List.of("-V"));
        lines.add(List.of("-v"));
        lines.add(List.of("-v", "--help"));
        lines.add(List.of("--help", "-v"));
        lines.add(List.of("--profile", "prod", "-o", "json", "-h"));
        lines.add(List.of("--profile=prod", "--output=json", "--verbose", "--help"));
        lines.add(List.of("-o", "yaml", "--help"));
        lines.add(List.of("--help", "--profile"));
        lines.add(List.of("--help", "token"));
        lines.add(List.of("tokn"));
        lines.add(List.of("--bogus", "call"));
        lines.add(List.of("call", "--timeout", "soon", "/"));
        lines.add(List.of("token", "--client-auth", "nope"));
        return lines.stream();
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void runWhenBuiltForTheCommandLineThenTheSameAsTheWholeTree(List<String> arguments) {
        String[] args = arguments.toArray(String[]::new);

        Run partial = run(true, args);
        Run whole = run(false, args);

        assertThat(partial).as("%s", arguments).isEqualTo(whole);
        assertThat(whole.code())
                .as("%s ran no command's own code: help (0) or a usage error (2)", arguments)
                .isIn(0, 2);
    }

    private record Run(int code, String out, String err) {}

    private Run run(boolean partial, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HostSystem host = new HostSystem(
                Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_CONFIG_HOME",
                        home.resolve("config").toString()),
                Clock.systemUTC(),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                (question) -> Optional.empty(),
                (question) -> Optional.empty());
        Redactor redactor = new Redactor();
        HostSystem guarded = GatewayCliApplication.guarded(host, redactor);
        DirectWiring factory = new DirectWiring(guarded, redactor);
        CommandLine commandLine =
                partial ? GatewayCli.commandLineFor(factory, guarded, args) : GatewayCli.commandLine(factory, guarded);
        int code = commandLine.execute(args);
        guarded.out().flush();
        guarded.err().flush();
        return new Run(code, out.toString(), err.toString());
    }
}
