package dev.gatewaycli.emulator.http;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the emulator, and the small bodies every endpoint writes. */
public final class Json {

    /**
     * Thread-safe once built; the emulator's one mapper (HTTP bodies, templates, {@code --env-vars} files), so that a
     * start builds one.
     */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"<field>":"<value>"}} as UTF-8 bytes, escaped by Jackson. */
    public static byte[] single(String field, String value) {
        return MAPPER.writeValueAsBytes(object().put(field, value));
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }
}
