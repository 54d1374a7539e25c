package dev.gatewaycli.cli;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text in and out, with Jackson: compact for {@code -o json} (one line per result, easy for {@code jq} and
 * scripts) and for files, indented for people; and reading of answers and files that may be anything, where what
 * is not a JSON object is simply absent.
 */
public final class JsonText {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonText() {}

    public static String compact(Object value) {
        return COMPACT.writeValueAsString(value);
    }

    public static String pretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }

    /** The JSON object {@code text} holds, or empty when it is not one (not JSON, an array, a bare value). */
    public static Optional<JsonNode> object(String text) {
        try {
            JsonNode node = COMPACT.readTree(text);
            return (node != null && node.isObject()) ? Optional.of(node) : Optional.empty();
        } catch (JacksonException ex) {
            return Optional.empty();
        }
    }
}
