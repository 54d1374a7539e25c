package dev.gatewaycli.cli.verify;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What check 3 expects the authorised call to answer: a whole body (JSON-equal when both sides are JSON, else
 * byte-equal text), and/or values at JSON paths. The default is the seed's body (docs/fidelity.md §3). A path is a small
 * subset of JSONPath ({@code $.a.b[0]}) or a JSON Pointer ({@code /a/b/0}), resolved with Jackson's
 * {@link JsonPointer}: enough for a smoke check, without a JSONPath library.
 */
public final class BodyExpectation {

    /** The seed function's body (docs/fidelity.md §3). */
    public static final String SEED_BODY = "{\"content\":\"Hello from the Lambda function!\"}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern SEGMENT = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)\\]|\\['([^']*)'\\]");

    private final String body;

    private final List<PathValue> paths;

    private BodyExpectation(String body, List<PathValue> paths) {
        this.body = body;
        this.paths = List.copyOf(paths);
    }

    /**
     * @param body the whole expected body, or null
     * @param pathExpressions {@code PATH=VALUE} expressions ({@code --expect-json-path}); may be empty
     * @return the expectation; the seed's body when neither is given
     */
    public static BodyExpectation of(String body, List<String> pathExpressions) {
        List<PathValue> paths = new ArrayList<>();
        for (String expression : pathExpressions) {
            paths.add(PathValue.parse(expression));
        }
        if (body == null && paths.isEmpty()) {
            return new BodyExpectation(SEED_BODY, List.of());
        }
        return new BodyExpectation(body, paths);
    }

    /** Human-readable description, for the evidence. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (body != null) {
            parts.add("body " + Excerpts.of(body));
        }
        for (PathValue path : paths) {
            parts.add(path.expression);
        }
        return String.join(", ", parts);
    }

    /** Null when {@code actual} meets the expectation, else what differs (one line). */
    public String mismatch(String actual) {
        if (body != null && !bodiesEqual(body, actual)) {
            return "body differs: expected " + Excerpts.of(body) + ", got " + Excerpts.of(actual);
        }
        if (paths.isEmpty()) {
            return null;
        }
        JsonNode tree = parse(actual);
        if (tree == null) {
            return "body is not JSON, so " + paths.get(0).expression + " cannot hold: got " + Excerpts.of(actual);
        }
        for (PathValue path : paths) {
            String problem = path.mismatch(tree);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    static boolean bodiesEqual(String expected, String actual) {
        JsonNode e = parse(expected);
        JsonNode a = parse(actual);
        if (e != null && a != null) {
            return e.equals(a);
        }
        return expected.equals(actual);
    }

    static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return (node == null || node.isMissingNode()) ? null : node;
        } catch (JacksonException ex) {
            return null;
        }
    }

    /** One {@code PATH=VALUE}: the value is compared as text with a string node, else as JSON. */
    private record PathValue(String expression, JsonPointer pointer, String value) {

        static PathValue parse(String expression) {
            int eq = expression.indexOf('=');
            if (eq <= 0) {
                throw usage(expression, "it is not PATH=VALUE");
            }
            String path = expression.substring(0, eq).trim();
            return new PathValue(expression, pointer(expression, path), expression.substring(eq + 1));
        }

        private static JsonPointer pointer(String expression, String path) {
            if (path.startsWith("/")) {
                try {
                    return JsonPointer.compile(path);
                } catch (IllegalArgumentException ex) {
                    throw usage(expression, ex.getMessage());
                }
            }
            if (!path.startsWith("$")) {
                throw usage(expression, "the path starts with $ (JSONPath, e.g. $.content) or / (JSON Pointer)");
            }
            StringBuilder pointer = new StringBuilder();
            Matcher m = SEGMENT.matcher(path);
            int at = 1;
            while (at < path.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw usage(
                            expression,
                            "only $.name, [N] and ['name'] steps are understood, at '" + path.substring(at) + "'");
                }
                String name = (m.group(1) != null) ? m.group(1) : (m.group(2) != null) ? m.group(2) : m.group(3);
                pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
                at = m.end();
            }
            return JsonPointer.compile(pointer.toString());
        }

        String mismatch(JsonNode tree) {
            JsonNode node = tree.at(pointer);
            if (node.isMissingNode()) {
                return expression.substring(0, expression.indexOf('=')) + " is absent from the body";
            }
            boolean equal;
            if (node.isString()) {
                equal = node.asString().equals(value);
            } else {
                JsonNode expected = BodyExpectation.parse(value);
                equal = Objects.equals(expected, node);
            }
            return equal
                    ? null
                    : expression.substring(0, expression.indexOf('=')) + " is " + Excerpts.of(node.toString())
                            + ", expected " + Excerpts.of(value);
        }

        private static ExitException usage(String expression, String why) {
            return new ExitException(ExitCodes.USAGE, "--expect-json-path '" + expression + "': " + why);
        }
    }
}
