package dev.gatewaycli.emulator.model;

import static dev.gatewaycli.emulator.model.TemplateReader.FUNCTION;

import dev.gatewaycli.emulator.lambda.ReservedVariables;
import dev.gatewaycli.emulator.lambda.RuntimeFamily;
import dev.gatewaycli.emulator.model.Intrinsics.Where;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * Reads one {@code AWS::Lambda::Function} of a template into a {@link FunctionModel}: runtime, handler, memory,
 * timeout, concurrency, architecture, environment and where its code is, each checked against Lambda's own limits. The template reader hands it what it needs of the template through
 * {@link Template}, so that how functions are read and how the rest of a template is read stay apart.
 */
final class FunctionReader {

    /** What the reader needs of the template being read. */
    interface Template {
        /** The resource object of {@code logicalId} (a missing node when there is none). */
        JsonNode resource(String logicalId);

        /** {@code value} with every intrinsic resolved, or a {@link ModelException} naming {@code where}. */
        String string(JsonNode value, Where where);

        /** The directory the {@code aws:asset:path} metadata is relative to. */
        Path assetDir();

        /** The function's physical name, as {@code Ref} resolves it. */
        String functionName(String logicalId);
    }

    private final Template template;

    FunctionReader(Template template) {
        this.template = template;
    }

    FunctionModel read(String logicalId) {
        JsonNode resource = template.resource(logicalId);
        JsonNode props = resource.path("Properties");
        String runtime = required(logicalId, props, "Runtime");
        RuntimeFamily family = RuntimeFamily.of(runtime)
                .orElseThrow(() -> ModelException.at(
                        logicalId,
                        FUNCTION,
                        "Runtime",
                        "'" + runtime + "' is not emulated (" + RuntimeFamily.SUPPORTED + ")"));
        String handler = props.has("Handler") || !family.handlerOptional() ? required(logicalId, props, "Handler") : "";
        int memory = props.has("MemorySize") ? integer(logicalId, props, "MemorySize") : 128;
        if (memory < 128 || memory > 10240) {
            throw ModelException.at(logicalId, FUNCTION, "MemorySize", memory + " is outside Lambda's 128 to 10240 MB");
        }
        int timeout = props.has("Timeout") ? integer(logicalId, props, "Timeout") : 3;
        if (timeout < 1 || timeout > 900) {
            throw ModelException.at(logicalId, FUNCTION, "Timeout", timeout + " is outside Lambda's 1 to 900 seconds");
        }
        OptionalInt reserved = OptionalInt.empty();
        if (props.has("ReservedConcurrentExecutions")) {
            int value = integer(logicalId, props, "ReservedConcurrentExecutions");
            if (value < 0) {
                throw ModelException.at(logicalId, FUNCTION, "ReservedConcurrentExecutions", "is negative");
            }
            reserved = OptionalInt.of(value);
        }
        String architecture = "x86_64";
        JsonNode architectures = props.path("Architectures");
        if (architectures.size() > 0) {
            architecture = template.string(architectures.get(0), new Where(logicalId, FUNCTION, "Architectures[0]"));
            if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
                throw ModelException.at(
                        logicalId, FUNCTION, "Architectures", "'" + architecture + "' is not x86_64 or arm64");
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode variables = props.path("Environment").path("Variables");
        for (String name : variables.propertyNames()) {
            if (ReservedVariables.isReserved(name)) {
                // Lambda refuses such a function at deployment: "reserved keys that are currently not supported".
                throw ModelException.at(
                        logicalId, FUNCTION, "Environment.Variables." + name, "is a variable Lambda reserves");
            }
            environment.put(
                    name,
                    template.string(
                            variables.get(name), new Where(logicalId, FUNCTION, "Environment.Variables." + name)));
        }
        return new FunctionModel(
                logicalId,
                template.functionName(logicalId),
                handler,
                runtime,
                memory,
                Duration.ofSeconds(timeout),
                environment,
                code(logicalId, resource, family),
                reserved,
                architecture,
                constructPath(resource));
    }

    /** {@code aws:cdk:path} without the trailing {@code /Resource}: {@code Stack/Hello}. */
    private static String constructPath(JsonNode resource) {
        JsonNode path = resource.path("Metadata").path("aws:cdk:path");
        if (!path.isString()) {
            return "";
        }
        String p = path.asString();
        return p.endsWith("/Resource") ? p.substring(0, p.length() - "/Resource".length()) : p;
    }

    /**
     * The asset CDK's metadata points at, or inline {@code Code.ZipFile} source (Node.js and Python only, as in
     * CloudFormation).
     */
    private FunctionModel.Code code(String logicalId, JsonNode resource, RuntimeFamily family) {
        JsonNode assetPath = resource.path("Metadata").path("aws:asset:path");
        if (assetPath.isString()) {
            Path code = template.assetDir().resolve(assetPath.asString()).normalize();
            if (!Files.exists(code)) {
                throw ModelException.at(
                        logicalId, FUNCTION, "Code", "asset '" + assetPath.asString() + "' not found at " + code);
            }
            return new FunctionModel.Asset(code);
        }
        JsonNode zipFile = resource.path("Properties").path("Code").get("ZipFile");
        if (zipFile != null) {
            if (family != RuntimeFamily.NODEJS && family != RuntimeFamily.PYTHON) {
                throw ModelException.at(
                        logicalId, FUNCTION, "Code.ZipFile", "inline code is for Node.js and Python runtimes only");
            }
            return new FunctionModel.Inline(template.string(zipFile, new Where(logicalId, FUNCTION, "Code.ZipFile")));
        }
        throw ModelException.at(
                logicalId,
                FUNCTION,
                "Code",
                "has neither Metadata 'aws:asset:path' nor Code.ZipFile, so its code cannot be found locally");
    }

    private String required(String logicalId, JsonNode props, String property) {
        Where where = new Where(logicalId, FUNCTION, property);
        JsonNode value = props.get(property);
        if (value == null) {
            throw where.fail("is missing");
        }
        return template.string(value, where);
    }

    private int integer(String logicalId, JsonNode props, String property) {
        Where where = new Where(logicalId, FUNCTION, property);
        try {
            return Integer.parseInt(template.string(props.get(property), where));
        } catch (NumberFormatException e) {
            throw where.fail("is not a whole number");
        }
    }
}
