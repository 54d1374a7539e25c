package dev.gatewaycli.emulator.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An {@code AWS::Lambda::Function} with a Java runtime and a local code asset.
 *
 * @param logicalId    the template's logical id
 * @param functionName {@code FunctionName}, or {@code <stack>-<logicalId>} as CloudFormation would generate a prefix
 * @param handler      {@code Handler}, {@code pkg.Class::method} or {@code pkg.Class}
 * @param runtime      {@code Runtime} ({@code java17}, {@code java21}, ...)
 * @param memoryMb     {@code MemorySize}, 128 when absent (Lambda's default)
 * @param timeout      {@code Timeout}, 3 s when absent (Lambda's default)
 * @param environment  {@code Environment.Variables}
 * @param code         the asset: a jar/zip file, or a directory of classes with an optional {@code lib/}
 */
public record FunctionModel(
        String logicalId,
        String functionName,
        String handler,
        String runtime,
        int memoryMb,
        Duration timeout,
        Map<String, String> environment,
        Path code) {

    public FunctionModel {
        environment = Map.copyOf(environment);
    }

    /** The handler's class name, the part before {@code ::}. */
    public String handlerClass() {
        int sep = handler.indexOf("::");
        return sep < 0 ? handler : handler.substring(0, sep);
    }

    /** The handler's method name, the part after {@code ::}; {@code handleRequest} when absent, as in Lambda. */
    public String handlerMethod() {
        int sep = handler.indexOf("::");
        return sep < 0 ? "handleRequest" : handler.substring(sep + 2);
    }
}
