package dev.gatewaycli.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** deploy's hand-over to verify, through the root command line. */
class VerifyStepTest {

    @Command(
            name = "root",
            subcommands = {Verify.class, Deploy.class})
    static class Root {

        @Option(names = "--profile", scope = CommandLine.ScopeType.INHERIT)
        String profile;

        @Option(names = "-v", scope = CommandLine.ScopeType.INHERIT)
        boolean verbose;
    }

    @Command(name = "verify")
    static class Verify implements Callable<Integer> {

        static final List<String> seen = new ArrayList<>();

        @ParentCommand
        Root root;

        @Override
        public Integer call() {
            seen.add(root.profile + " verbose=" + root.verbose);
            return 1;
        }
    }

    @Command(name = "deploy")
    static class Deploy implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return VerifyStep.run(spec, "GatewayCliStack", true, false);
        }
    }

    @Test
    void runWhenVerifyIsRegisteredThenRunsItWithTheNewProfileAndReturnsItsExitCode() {
        Verify.seen.clear();

        int code = new CommandLine(new Root()).execute("deploy");

        assertThat(Verify.seen).containsExactly("GatewayCliStack verbose=true");
        assertThat(code).as("verify's failure is deploy's exit code").isEqualTo(1);
    }

    @Test
    void argumentsWhenJsonThenGlobalOptionsBeforeTheCommand() {
        assertThat(VerifyStep.arguments("prod", false, true))
                .containsExactly("--profile", "prod", "-o", "json", "verify");
    }
}
