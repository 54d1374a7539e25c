package dev.gatewaycli.cli.local;

import dev.gatewaycli.emulator.lambda.FunctionSettings;
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

    /**
     * How this stack's functions run unless the user says otherwise. A user's own stack: in execution environments of
     * their own ({@link FunctionSettings.Mode#PROCESS}), as Lambda runs them, so that environment variables and every
     * runtime work. The bundled stack: in this JVM ({@link FunctionSettings.Mode#IN_PROCESS}), because its one function
     * is this project's own Java handler, which reads no environment variable and behaves the same either way, and one
     * JVM is up at once and serves its requests without a child JVM per concurrent request.
     */
    public FunctionSettings.Mode defaultFunctionMode() {
        return cloudAssembly == null ? FunctionSettings.Mode.IN_PROCESS : FunctionSettings.Mode.PROCESS;
    }

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
