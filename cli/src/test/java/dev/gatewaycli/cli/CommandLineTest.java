package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root command: help that teaches, the version from the build, usage errors, completion scripts. */
class CommandLineTest {

    @TempDir
    Path home;

    @Test
    void helpWhenAskedThenHeaderExamplesCommandsAndExitCodes() {
        Result result = new TestCli(home).run("--help");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("behind a Cognito authorizer")
                .contains("Examples:")
                .contains("token")
                .contains("call")
                .contains("completion")
                .contains("Exit codes:");
    }

    @Test
    void helpWhenAskedThenTheFooterListsEveryExitCodeAsExitCodesNamesIt() {
        Result result = new TestCli(home).run("--help");

        String footer = result.out().substring(result.out().indexOf("Exit codes:"));
        List<String> lines =
                footer.lines().skip(1).limit(ExitCodes.MEANINGS.size()).toList();
        assertThat(lines)
                .as("the footer's exit codes, in order, from ExitCodes.MEANINGS\n" + result.describe())
                .containsExactlyElementsOf(ExitCodes.MEANINGS.stream()
                        .map(ExitCodes.Meaning::helpLine)
                        .toList());
        assertThat(ExitCodes.MEANINGS)
                .extracting(ExitCodes.Meaning::code)
                .as("every code once, 0 to 6")
                .containsExactly(
                        ExitCodes.OK,
                        ExitCodes.FAILED,
                        ExitCodes.USAGE,
                        ExitCodes.CONFIG,
                        ExitCodes.AUTH,
                        ExitCodes.NETWORK,
                        ExitCodes.PREREQUISITE);
    }

    @Test
    void subcommandHelpWhenAskedThenShowsItsExamplesAndGlobalOptions() {
        Result result = new TestCli(home).run("token", "--help");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("$(gateway-cli token)")
                .contains("--token-url")
                .contains("--profile")
                .contains("--verbose")
                .contains("--no-cache")
                .contains("--refresh")
                .contains("--decode");
    }

    @Test
    void versionWhenAskedThenVersionFromTheBuild() {
        Result result = new TestCli(home).run("--version");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .as("build-info.properties from spring-boot-maven-plugin")
                .startsWith("gateway-cli 0.")
                .doesNotContain("development build");
    }

    @Test
    void noCommandThenUsageErrorExit2() {
        Result result = new TestCli(home).run();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("name a command");
    }

    @Test
    void unknownCommandThenExit2WithOneLine() {
        Result result = new TestCli(home).run("tokn");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip().lines().count()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void globalOptionAfterSubcommandThenAccepted() {
        Result result = new TestCli(home).run("token", "-o", "json", "--profile", "x", "-v", "--help");

        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    @Test
    void completionWhenBashThenCompletionFunctionForAllCommands() {
        Result result = new TestCli(home).run("completion");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("complete -F")
                .contains("gateway-cli")
                .contains("token")
                .contains("call")
                .contains("--token-url");
    }

    @Test
    void completionWhenZshThenLoadsBashcompinitFirst() {
        Result result = new TestCli(home).run("completion", "zsh");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .startsWith("autoload -U +X compinit && compinit")
                .contains("bashcompinit")
                .contains("complete -F");
    }

    @Test
    void completionWhenUnknownShellThenExit2() {
        Result result = new TestCli(home).run("completion", "fish");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
