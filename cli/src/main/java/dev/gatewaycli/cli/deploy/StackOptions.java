package dev.gatewaycli.cli.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which CDK app and stack a life-cycle command works on: {@code -c key=value} context for the stack (stack/README.md
 * lists the keys) and, for tests and unusual layouts, {@code --app-dir}. Mixed into each of synth, diff, deploy,
 * destroy and bootstrap.
 */
public final class StackOptions {

    @Option(
            names = {"-c", "--context"},
            paramLabel = "KEY=VALUE",
            description = "CDK context for the stack, repeatable, e.g. -c scopes=read,write -c stackName=OrdersStack "
                    + "(keys: stack/README.md).")
    List<String> context = new ArrayList<>();

    @Option(
            names = "--app-dir",
            paramLabel = "DIR",
            description = "The repository root holding cdk.json (env GATEWAY_STACK_DIR; default: found from the "
                    + "installed CLI or by walking up from the working directory).")
    Path appDir;

    public List<String> context() {
        return context;
    }

    public Path appDir() {
        return appDir;
    }
}
