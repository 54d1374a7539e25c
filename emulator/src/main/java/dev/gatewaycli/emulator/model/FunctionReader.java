package dev.gatewaycli.emulator.model;

import static dev.gatewaycli.emulator.model.TemplateReader.FUNCTION;

import dev.gatewaycli.emulator.model.Intrinsics.Where;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads one {@code AWS::Lambda::Function} of a template into a {@link FunctionModel}: runtime, handler, memory,
 * timeout, environment and where its code is. The template reader hands it what it needs of the template through
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
        if (!runtime.startsWith("java")) {
            throw ModelException.at(
                    logicalId,
                    FUNCTION,
                    "Runtime",
                    "'" + runtime + "' is not a Java runtime; the emulator runs Java functions only");
        }
        String handler = required(logicalId, props, "Handler");
        int memory = props.has("MemorySize") ? integer(logicalId, props, "MemorySize") : 128;
        int timeout = props.has("Timeout") ? integer(logicalId, props, "Timeout") : 3;
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode variables = props.path("Environment").path("Variables");
        for (String name : variables.propertyNames()) {
            environment.put(
                    name,
                    template.string(
                            variables.get(name), new Where(logicalId, FUNCTION, "Environment.Variables." + name)));
        }
        JsonNode assetPath = resource.path("Metadata").path("aws:asset:path");
        if (!assetPath.isString()) {
            throw ModelException.at(
                    logicalId,
                    FUNCTION,
                    "Code",
                    "has no Metadata 'aws:asset:path', so its code cannot be found locally");
        }
        Path code = template.assetDir().resolve(assetPath.asString()).normalize();
        if (!Files.exists(code)) {
            throw ModelException.at(
                    logicalId, FUNCTION, "Code", "asset '" + assetPath.asString() + "' not found at " + code);
        }
        return new FunctionModel(
                logicalId,
                template.functionName(logicalId),
                handler,
                runtime,
                memory,
                Duration.ofSeconds(timeout),
                environment,
                code);
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
