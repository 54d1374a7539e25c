package dev.gatewaycli.cli;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for stdout: compact for {@code -o json} (one line per result, easy for {@code jq} and scripts), or indented. */
public final class Json {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();

    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {}

    public static String compact(Object value) {
        return COMPACT.writeValueAsString(value);
    }

    public static String pretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }
}
