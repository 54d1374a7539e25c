package dev.gatewaycli.emulator.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@code AWS::Lambda::Function} as the emulator runs it: runtime, handler, limits, environment and where its code is.
 *
 * @param logicalId           the template's logical id
 * @param functionName        {@code FunctionName}, or {@code <stack>-<logicalId>} as CloudFormation would generate a prefix
 * @param handler             {@code Handler}: {@code file.export} (Node.js), {@code module.function} (Python),
 *                            {@code pkg.Class::method} (Java), the executable (go1.x), anything ({@code provided})
 * @param runtime             {@code Runtime} ({@code nodejs20.x}, {@code python3.12}, {@code java21}, {@code provided.al2023}, ...)
 * @param memoryMb            {@code MemorySize}, 128 when absent (Lambda's default)
 * @param timeout             {@code Timeout}, 3 s when absent (Lambda's default)
 * @param environment         {@code Environment.Variables}, every intrinsic resolved
 * @param code                the code: a local asset (directory, zip or jar) or inline {@code Code.ZipFile} source
 * @param reservedConcurrency {@code ReservedConcurrentExecutions}: at most this many execution environments
 * @param architecture        {@code Architectures[0]}: {@code x86_64} (the default) or {@code arm64}
 * @param constructPath       the CDK construct path of its metadata ({@code Stack/Hello}, without {@code /Resource}),
 *                            empty for a template not written by the CDK
 */
public record FunctionModel(
        String logicalId,
        String functionName,
        String handler,
        String runtime,
        int memoryMb,
        Duration timeout,
        Map<String, String> environment,
        Code code,
        OptionalInt reservedConcurrency,
        String architecture,
        String constructPath) {

    /** Where a function's code comes from. */
    public sealed interface Code {}

    /** An asset of the cloud assembly: a directory used in place, or a zip/jar deployment package. */
    public record Asset(Path path) implements Code {
        public Asset {
            Objects.requireNonNull(path, "path cannot be null");
        }
    }

    /**
     * {@code Code.ZipFile}: source text that Lambda writes as {@code index.js} (Node.js) or {@code index.py} (Python).
     */
    public record Inline(String source) implements Code {
        public Inline {
            Objects.requireNonNull(source, "source cannot be null");
        }
    }

    public FunctionModel {
        Objects.requireNonNull(code, "code cannot be null");
        Objects.requireNonNull(reservedConcurrency, "reservedConcurrency cannot be null");
        Objects.requireNonNull(architecture, "architecture cannot be null");
        Objects.requireNonNull(constructPath, "constructPath cannot be null");
        environment = Map.copyOf(environment);
    }

    /**
     * The handler's class name (Java runtimes): the part before the last {@code ::}, as Lambda's Java runtime splits
     * it ({@code HandlerInfo.fromString}), or the whole handler when it names a class alone.
     */
    public String handlerClass() {
        int sep = handler.lastIndexOf("::");
        return sep < 0 ? handler : handler.substring(0, sep);
    }

    /**
     * The handler's method name (Java runtimes), the part after the last {@code ::}; empty when the handler names a
     * class alone, which the runtime then calls through the handler interface it implements.
     */
    public Optional<String> handlerMethod() {
        int sep = handler.lastIndexOf("::");
        return sep < 0 ? Optional.empty() : Optional.of(handler.substring(sep + 2));
    }
}
