package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The {@code --env-vars} file in SAM CLI's shape: an object per function (by logical id, function name, or, for a CDK
 * app, its construct id or path: {@code Hello}, {@code MyStack/Hello}) of variables,
 * and {@code Parameters}, whose variables go to every function. A function's own entry wins over {@code Parameters}, and
 * both win over the template's {@code Environment.Variables}; unlike SAM CLI, a variable the template does not declare is
 * added rather than ignored (so that {@code AWS_ENDPOINT_URL} can point a function at a local service). The
 * {@code Parameters} object is also what template parameter overrides may be read from ({@link #parameters()}).
 *
 * <pre>{@code
 * { "Hello": { "TABLE": "local-table", "AWS_ENDPOINT_URL": "http://127.0.0.1:8000" },
 *   "Parameters": { "STAGE": "local" } }
 * }</pre>
 *
 * @param functions  per function logical id or name, its variables
 * @param parameters the {@code Parameters} object's variables
 */
public record EnvironmentOverrides(Map<String, Map<String, String>> functions, Map<String, String> parameters) {

    /** Lambda's rule for variable names: a letter, then letters, digits and underscores, two characters at least. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");

    private static final long MAX_FILE_BYTES = 1024 * 1024;

    public EnvironmentOverrides {
        Objects.requireNonNull(functions, "functions cannot be null");
        Objects.requireNonNull(parameters, "parameters cannot be null");
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        functions.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        functions = Map.copyOf(copy);
        parameters = Map.copyOf(parameters);
    }

    /** No overrides. */
    public static EnvironmentOverrides none() {
        return new EnvironmentOverrides(Map.of(), Map.of());
    }

    /**
     * Reads and checks {@code file}.
     *
     * @throws IllegalArgumentException with one line naming the file and what is wrong
     */
    public static EnvironmentOverrides read(Path file) {
        Objects.requireNonNull(file, "file cannot be null");
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--env-vars " + file + " does not exist or is not a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("--env-vars " + file + " is larger than 1 MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--env-vars " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(bytes, "--env-vars " + file);
    }

    /**
     * Parses SAM CLI's shape from {@code json}; {@code source} names it in messages.
     *
     * @throws IllegalArgumentException with one line naming {@code source} and what is wrong
     */
    public static EnvironmentOverrides parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    source + " must be a JSON object of functions (and \"Parameters\"), each an object of variables");
        }
        Map<String, Map<String, String>> functions = new LinkedHashMap<>();
        Map<String, String> parameters = Map.of();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String key = entry.getKey();
            Map<String, String> variables = variables(entry.getValue(), source + " entry '" + key + "'");
            if (key.equals("Parameters")) {
                parameters = variables;
            } else {
                functions.put(key, variables);
            }
        }
        return new EnvironmentOverrides(functions, parameters);
    }

    private static Map<String, String> variables(JsonNode object, String where) {
        if (!object.isObject()) {
            throw new IllegalArgumentException(where + " must be an object of variable names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> v : object.properties()) {
            String name = v.getKey();
            JsonNode value = v.getValue();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": '" + name
                        + "' is not a variable name Lambda accepts (a letter, then letters, digits or _)");
            }
            if (ReservedVariables.EMULATOR_OWNED.contains(name)) {
                throw new IllegalArgumentException(
                        where + ": " + name + " is set by the emulator for the runtime and cannot be overridden");
            }
            if (!(value.isString() || value.isNumber() || value.isBoolean())) {
                throw new IllegalArgumentException(
                        where + ": the value of " + name + " must be a string, a number or a boolean");
            }
            out.put(name, value.isString() ? value.asString() : value.toString());
        }
        return out;
    }

    /**
     * What overrides the environment of one function: {@code Parameters}, then the entries of its function name, its
     * construct id, its construct path and its logical id, each later one winning.
     *
     * @param constructPath the CDK construct path ({@code MyStack/Hello}), empty when there is none
     */
    public Map<String, String> forFunction(String logicalId, String functionName, String constructPath) {
        Map<String, String> out = new LinkedHashMap<>(parameters);
        out.putAll(functions.getOrDefault(functionName, Map.of()));
        if (!constructPath.isEmpty()) {
            out.putAll(functions.getOrDefault(constructPath.substring(constructPath.lastIndexOf('/') + 1), Map.of()));
            out.putAll(functions.getOrDefault(constructPath, Map.of()));
        }
        out.putAll(functions.getOrDefault(logicalId, Map.of()));
        return out;
    }

    /** Whether an entry names {@code function} (by any of the names {@link #forFunction} accepts). */
    boolean names(String key, String logicalId, String functionName, String constructPath) {
        return key.equals(logicalId)
                || key.equals(functionName)
                || (!constructPath.isEmpty()
                        && (key.equals(constructPath)
                                || key.equals(constructPath.substring(constructPath.lastIndexOf('/') + 1))));
    }
}
