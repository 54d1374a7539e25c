package dev.gatewaycli.cli;

import dev.gatewaycli.cli.process.ExitCodes;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gateway-cli completion [bash|zsh]}: picocli's generated completion script for the whole command tree. */
@Component
@Command(
        name = "completion",
        header = "Print a bash or zsh completion script.",
        description = {
            "",
            "Examples:",
            "  source <(gateway-cli completion)           # bash, this shell",
            "  gateway-cli completion > /etc/bash_completion.d/gateway-cli",
            "  source <(gateway-cli completion zsh)       # zsh (uses bashcompinit)",
            ""
        },
        mixinStandardHelpOptions = true)
public class CompletionCommand implements Callable<Integer> {

    /** Which shell the script is for. */
    public enum Shell {
        bash,
        zsh
    }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES} (default: bash)")
    Shell shell = Shell.bash;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("gateway-cli", spec.root().commandLine());
        if (shell == Shell.zsh) {
            // picocli's script is bash; zsh runs it through its bash-completion emulation.
            spec.commandLine().getOut().println("autoload -U +X compinit && compinit");
            spec.commandLine().getOut().println("autoload -U +X bashcompinit && bashcompinit");
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
