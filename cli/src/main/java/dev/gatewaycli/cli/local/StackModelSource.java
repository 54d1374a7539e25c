package dev.gatewaycli.cli.local;

import dev.gatewaycli.emulator.model.StackModel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which synthesized stack the emulator serves: the one bundled into the CLI at build time (this project's own
 * stack, the default), or a CDK cloud assembly directory the user synthesized ({@code cdk synth} writes
 * {@code cdk.out}), optionally naming one of its stacks.
 */
public record StackModelSource(Path cloudAssembly, String stackName) {

    public static final StackModelSource BUNDLED = new StackModelSource(null, null);

    StackModel load() {
        if (cloudAssembly == null) {
            return StackModel.bundled();
        }
        if (!Files.isDirectory(cloudAssembly)) {
            throw new IllegalArgumentException(
                    cloudAssembly + " is not a directory (expected a CDK cloud assembly such "
                            + "as cdk.out, written by 'cdk synth')");
        }
        return (stackName == null)
                ? StackModel.fromCloudAssembly(cloudAssembly)
                : StackModel.fromCloudAssembly(cloudAssembly, stackName);
    }

    public String describe() {
        if (cloudAssembly == null) {
            return "the bundled model of this project's stack";
        }
        return cloudAssembly + ((stackName == null) ? "" : " (stack " + stackName + ")");
    }
}
